/**
 * The engine port: everything the gateway knows of WhatsApp. Features depend on these types only;
 * the Baileys adapter (../baileys) is the one implementation and the only code importing Baileys.
 *
 * A connection has a lifecycle (connection.ts) and one section per feature (`connection.messages`,
 * `connection.channels`, ...), each an interface in a file of its own. A new feature adds its
 * section here, its implementation beside the adapter's, and its events to ConnectionEvents.
 */
export * from './connection';
export * from './messages';
export * from './channels';
export * from './groups';
export * from './contacts';
export * from './presence';
export * from './profile';
export * from './errors';
export * from './jid';
