export { userDirs, APP_DIR_NAME, type UserDirs } from './user-dirs';
export {
  FileNotFoundError,
  FileTooLargeError,
  FileUnreadableError,
  FileUnwritableError,
  NotRegularFileError,
  formatBytes,
} from './file-errors';
export { readRegularFile, type ReadLimits } from './read-file';
export { withFileLock, writePrivateFile } from './private-file';
