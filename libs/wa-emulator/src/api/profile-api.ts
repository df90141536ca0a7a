import { randomBytes } from 'node:crypto';
import type { ServerContext } from '../server/context';
import { blocklistOf, profileOf, type Profile, type Visibility } from '../world/profiles';
import type { Account, Contact } from '../world/world';

/**
 * The profile side of a user (an account or contact): what others see of it (about text, picture,
 * business profile, each with its privacy) and whether its phone number is revealed with its messages.
 */
export class ProfileApi {
  constructor(
    private readonly ctx: ServerContext,
    readonly party: Account | Contact,
  ) {}

  private get profile(): Profile {
    return profileOf(this.party);
  }

  setAbout(text: string, setAt = Math.floor(Date.now() / 1000)): this {
    this.profile.about = { text, setAt };
    return this;
  }

  /** Privacy "about": everyone (default) or nobody (queries answer 401). */
  aboutVisibleTo(who: Visibility): this {
    this.profile.aboutVisibility = who;
    return this;
  }

  /** Sets the profile picture (JPEG bytes, served plain from the media host); returns its picture id. */
  setPicture(jpeg: Buffer): string {
    const { directPath, url } = this.ctx.media.put(jpeg, 'pp');
    const id = String(1_700_000_000 + randomBytes(3).readUIntBE(0, 3));
    this.profile.picture = { id, directPath, url, bytes: jpeg };
    return id;
  }

  removePicture(): this {
    this.profile.picture = undefined;
    return this;
  }

  /** Privacy "profile photo": everyone (default) or nobody (requests answer 401). */
  pictureVisibleTo(who: Visibility): this {
    this.profile.pictureVisibility = who;
    return this;
  }

  /** Makes the user a business account with this profile (undefined: a personal account again). */
  setBusiness(business: Profile['business']): this {
    this.profile.business = business;
    return this;
  }

  /** Its messages come from its LID without its phone number (`sender_pn`) until `revealPhone()`. */
  hidePhone(on = true): this {
    this.profile.phoneHidden = on;
    return this;
  }

  revealPhone(): this {
    return this.hidePhone(false);
  }

  /** For an account: the LIDs it blocked (and their phone numbers). */
  blocked(): { lid: string; phone: string }[] {
    if (!('devices' in this.party)) return [];
    return [...blocklistOf(this.party)].map(([lid, phone]) => ({ lid, phone }));
  }
}
