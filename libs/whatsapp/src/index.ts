export * from './port';
export * from './message-id';
