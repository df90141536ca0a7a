import { Injectable } from '@nestjs/common';
import { OwnProfile } from '@app/whatsapp';
import { onWhatsApp } from '../common/engine-errors';
import { PayloadTooLargeError, ValidationError } from '../common/errors';
import { SessionAccess } from '../sessions';
import { SetPictureDto, UpdateProfileDto } from './dto/profile.dto';
import { checkPicture, PICTURE_MAX_BYTES } from './picture-input';

/**
 * The number's own profile, read from and written to WhatsApp (nothing is stored): every call
 * needs the session connected in this process (409 otherwise, worded by its status).
 */
@Injectable()
export class ProfileService {
  constructor(private readonly sessions: SessionAccess) {}

  async get(orgId: string, sessionId: string): Promise<{ profile: OwnProfile; pushName: string | null }> {
    const { session, connection } = await this.sessions.requireConnection(orgId, sessionId);
    const profile = await onWhatsApp('reading the profile', () => connection.profile.get());
    return { profile, pushName: session.pushName ?? null };
  }

  async update(orgId: string, sessionId: string, dto: UpdateProfileDto): Promise<{ profile: OwnProfile; pushName: string | null }> {
    if (dto.name === undefined && dto.about === undefined) throw new ValidationError('request is invalid', { body: ['give name or about'] });
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    if (dto.name !== undefined) await onWhatsApp('setting the display name', () => connection.profile.setName(dto.name!));
    if (dto.about !== undefined) await onWhatsApp('setting the about text', () => connection.profile.setAbout(dto.about!));
    return this.get(orgId, sessionId);
  }

  async setPicture(orgId: string, sessionId: string, dto: SetPictureDto): Promise<{ profile: OwnProfile; pushName: string | null }> {
    // Refuse before decoding: base64 is 4/3 of the bytes.
    if (Math.floor((dto.base64.length * 3) / 4) - 2 > PICTURE_MAX_BYTES) throw new PayloadTooLargeError(`the picture is larger than ${PICTURE_MAX_BYTES} bytes`, { limitBytes: PICTURE_MAX_BYTES });
    const data = Buffer.from(dto.base64, 'base64');
    const check = checkPicture(data);
    if (!check.ok && check.tooLarge) throw new PayloadTooLargeError(check.problem, { limitBytes: PICTURE_MAX_BYTES });
    if (!check.ok) throw new ValidationError('request is invalid', { base64: [check.problem] });
    if (dto.mimetype && dto.mimetype !== `image/${check.format}`) throw new ValidationError('request is invalid', { mimetype: [`declared ${dto.mimetype} but the bytes are a ${check.format.toUpperCase()} image`] });
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await onWhatsApp('setting the profile picture', () => connection.profile.setPicture(data));
    return this.get(orgId, sessionId);
  }

  async removePicture(orgId: string, sessionId: string): Promise<{ profile: OwnProfile; pushName: string | null }> {
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await onWhatsApp('removing the profile picture', () => connection.profile.removePicture());
    return this.get(orgId, sessionId);
  }
}
