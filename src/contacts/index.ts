/** What other features may use of contacts: the module and the LID ↔ phone number lookup. */
export { ContactsModule } from './contacts.module';
export { LidDirectory, type PersonForms } from './lid-directory';
