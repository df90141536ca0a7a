import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, Principal } from '../auth/decorators';
import { LargeBody } from '../common/body-reader';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ProfileDto, SetPictureDto, UpdateProfileDto } from './dto/profile.dto';
import { ProfileService } from './profile.service';

const SESSION_PARAM = { name: 'session', description: 'The WhatsApp session id — one attached WhatsApp number.' };
const NOT_FOUND = { description: 'No such session in your organization.', type: ErrorEnvelopeDto };
const NOT_CONNECTED = { description: 'The session is not connected (the answer says what it is).', type: ErrorEnvelopeDto };

/** The number's own profile on WhatsApp: display name, about text, picture. Nothing of it is stored by the gateway. */
@ApiTags('profile')
@Controller('sessions')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  @Get(':session/profile')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'Get the profile', description: 'The number’s display name, about text and picture URL, as WhatsApp shows them to others (read from WhatsApp).' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async get(@Principal() p: Principal, @Param('session') sessionId: string): Promise<ProfileDto> {
    const { profile, pushName } = await this.profile.get(p.orgId, sessionId);
    return ProfileDto.from(profile, pushName);
  }

  @Patch(':session/profile')
  @Authenticated({ capability: 'manage' })
  @ApiOperation({
    summary: 'Change the profile',
    description:
      'Sets the display name (`name`, at most 25 characters) and/or the about text (`about`, at most 139 characters), the name first. Answers the profile as WhatsApp now shows it. The name lives in WhatsApp’s app-state sync: right after linking, until the phone has shared its app-state key with the session, setting it answers 502 (retry a little later).',
  })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: ProfileDto })
  @ApiBadRequestResponse({ description: 'Invalid body (nothing to change, blank or too long text, unknown fields).', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  @ApiResponse({ status: 502, description: 'WhatsApp refused the change (e.g. the display name before the phone shared its app-state key).', type: ErrorEnvelopeDto })
  async update(@Principal() p: Principal, @Param('session') sessionId: string, @Body() body: UpdateProfileDto): Promise<ProfileDto> {
    const { profile, pushName } = await this.profile.update(p.orgId, sessionId, body);
    return ProfileDto.from(profile, pushName);
  }

  @Put(':session/profile/picture')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @LargeBody()
  @ApiOperation({
    summary: 'Set the profile picture',
    description:
      'A JPEG or PNG, base64-encoded in JSON: at most 5 MB, each side between 192 and 8192 pixels. WhatsApp shows profile pictures as 640×640 JPEGs: the image is cropped to its centre square and scaled. Answers the profile with the new `pictureUrl`.',
  })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: ProfileDto })
  @ApiBadRequestResponse({ description: 'Not base64, not a JPEG or PNG, damaged, too small or too large in pixels, or a `mimetype` that does not match the bytes.', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  @ApiPayloadTooLargeResponse({ description: 'The picture is larger than 5 MB (or the body than MEDIA_MAX_BYTES as base64).', type: ErrorEnvelopeDto })
  async setPicture(@Principal() p: Principal, @Param('session') sessionId: string, @Body() body: SetPictureDto): Promise<ProfileDto> {
    const { profile, pushName } = await this.profile.setPicture(p.orgId, sessionId, body);
    return ProfileDto.from(profile, pushName);
  }

  @Delete(':session/profile/picture')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Remove the profile picture', description: 'Answers the profile, `pictureUrl` null. Removing when there is none is fine.' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async removePicture(@Principal() p: Principal, @Param('session') sessionId: string): Promise<ProfileDto> {
    const { profile, pushName } = await this.profile.removePicture(p.orgId, sessionId);
    return ProfileDto.from(profile, pushName);
  }
}
