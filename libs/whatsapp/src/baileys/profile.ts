import { jidNormalizedUser, type WASocket } from '@whiskeysockets/baileys';
import { EngineError, type OwnProfile, type ProfilePort } from '../port';
import { toEngineError } from './engine-error';

/** `connection.profile` over Baileys: the number's own about text and picture, read as others read them. */
export class BaileysProfile implements ProfilePort {
  constructor(private readonly socket: WASocket) {}

  async get(): Promise<OwnProfile> {
    const me = this.me();
    const [statuses, pictureUrl] = await Promise.all([
      profileCall(() => this.socket.fetchStatus(me)),
      // No picture is an error answer (404 item-not-found): undefined.
      profileCall(() => this.socket.profilePictureUrl(me, 'image')).catch((err: unknown) => {
        if (err instanceof EngineError && err.kind === 'not_found') return undefined;
        throw err;
      }),
    ]);
    const status = (statuses as { id?: string; status?: { status?: string | null; setAt?: Date } }[] | undefined)?.[0]?.status;
    const name = this.socket.authState.creds.me?.name;
    return {
      name: name && name !== '~' ? name : undefined,
      about: status?.status || undefined,
      aboutSetAt: status?.status && status.setAt && status.setAt.getTime() > 0 ? status.setAt : undefined,
      pictureUrl: pictureUrl || undefined,
    };
  }

  async setName(name: string): Promise<void> {
    // Baileys writes the `setting_pushName` app-state patch (after syncing the collection) and
    // applies it to its own credentials (creds.me.name), which `get` reads.
    try {
      await profileCall(() => this.socket.updateProfileName(name));
    } catch (err) {
      if (/app ?state key/i.test(err instanceof Error ? err.message : '')) {
        throw new EngineError('rejected', 'the phone has not shared its app-state key with this device yet (it does shortly after linking); retry later');
      }
      throw err;
    }
  }

  async setAbout(text: string): Promise<void> {
    await profileCall(() => this.socket.updateProfileStatus(text));
  }

  async setPicture(image: Buffer): Promise<void> {
    await profileCall(() => this.socket.updateProfilePicture(this.me(), image));
  }

  async removePicture(): Promise<void> {
    await profileCall(() => this.socket.removeProfilePicture(this.me()));
  }

  private me(): string {
    const id = this.socket.authState.creds.me?.id;
    if (!id) throw new EngineError('connection_closed', 'the connection is not logged in');
    return jidNormalizedUser(id);
  }
}

/** Like engineCall, plus the failure a profile call has of its own: the image library's errors (bytes that are no image it can read). */
async function profileCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    if (/unsupported image format|Input buffer|corrupt|premature end/i.test(cause)) throw new EngineError('rejected', cause);
    throw toEngineError(err);
  }
}
