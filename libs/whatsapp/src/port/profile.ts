/** The profile section of a connection: the number's own display name, about text and picture. */

/** The number's profile as WhatsApp shows it to others. */
export interface OwnProfile {
  /** The display name (push name) the engine knows for the number, if any. */
  name?: string;
  /** The about text; undefined when none is set. */
  about?: string;
  /** When the about text was set. */
  aboutSetAt?: Date;
  /** Where WhatsApp serves the profile picture (a URL on its media hosts, valid for a while); undefined when there is none. */
  pictureUrl?: string;
}

/** What a connection does with its own profile (`connection.profile`). */
export interface ProfilePort {
  get(): Promise<OwnProfile>;
  /**
   * Sets the display name (push name). WhatsApp keeps it in the app-state sync the number's
   * devices share: it needs the app-state key the phone gives a linked device (shortly after
   * linking); rejects with `rejected` until then.
   */
  setName(name: string): Promise<void>;
  /** Sets the about text (WhatsApp takes at most ABOUT_MAX_CHARS characters). */
  setAbout(text: string): Promise<void>;
  /**
   * Sets the profile picture from a JPEG or PNG image: the engine makes it the square 640×640 JPEG
   * WhatsApp expects (cropped to the centre). Rejects with `rejected` for bytes that are no image.
   */
  setPicture(image: Buffer): Promise<void>;
  removePicture(): Promise<void>;
}

/** The longest about text WhatsApp takes, in characters. */
export const ABOUT_MAX_CHARS = 139;
/** The longest display name WhatsApp takes, in characters. */
export const NAME_MAX_CHARS = 25;
