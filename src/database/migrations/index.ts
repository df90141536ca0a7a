import { CreateApiKeys1795588653138 } from './1795588653138-CreateApiKeys';
import { CreateEvents1795600000000 } from './1795600000000-CreateEvents';
import { CreateSessions1795610000000 } from './1795610000000-CreateSessions';
import { CreateMessages1795620000000 } from './1795620000000-CreateMessages';
import { CreateChannels1795650000000 } from './1795650000000-CreateChannels';
import { WebhookSecretsAndCapabilities1795664000000 } from './1795664000000-WebhookSecretsAndCapabilities';
import { MessageErrorCode1795680000000 } from './1795680000000-MessageErrorCode';
import { MessageChanges1795690000000 } from './1795690000000-MessageChanges';
import { IdempotencyLease1795700000000 } from './1795700000000-IdempotencyLease';
import { CreateGroups1795710000000 } from './1795710000000-CreateGroups';
import { WebhookAttemptResponse1795720000000 } from './1795720000000-WebhookAttemptResponse';
import { PresenceAndReadMarks1795740000000 } from './1795740000000-PresenceAndReadMarks';
import { CreateContacts1795730000000 } from './1795730000000-CreateContacts';
/** Every migration, in order. `npm run migration:generate` writes new files here; list them below. */
export const MIGRATIONS: Function[] = [CreateApiKeys1795588653138, CreateEvents1795600000000, CreateSessions1795610000000, CreateMessages1795620000000, CreateChannels1795650000000, WebhookSecretsAndCapabilities1795664000000, MessageErrorCode1795680000000, MessageChanges1795690000000, IdempotencyLease1795700000000, CreateGroups1795710000000, WebhookAttemptResponse1795720000000, CreateContacts1795730000000, PresenceAndReadMarks1795740000000];
