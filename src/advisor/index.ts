export * from '../core/calendar';
export * from './advise';
export * from './default-pin';
export * from './facts';
export * from './situations';
export * from './render';
export * from './revocation-text';
export * from './links';
