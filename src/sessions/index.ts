/**
 * The sessions module's public surface. Other features import from here only: the module (to
 * import it), SessionAccess (the one door to sessions), and the types they name.
 */
export { SessionsModule } from './sessions.module';
export { SessionAccess, type SessionView } from './session-access';
export type { SessionEventMap, SessionScope } from './runtime/runtime-events';
