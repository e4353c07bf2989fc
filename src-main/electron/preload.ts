import { contextBridge, ipcRenderer } from 'electron';
import { buildCardApi } from './preload-api';

contextBridge.exposeInMainWorld('cardApi', buildCardApi(ipcRenderer));
