import type { ScalarFunction } from '../../../plan/index.ts';
import { version } from './version.ts';
import { currentDatabase, currentRole, currentSchema, currentSchemas, currentUser, pgBackendPid, sessionUser, user } from './session-info.ts';
import { currentSetting, setConfig } from './current-setting.ts';
import { genRandomUuid } from './gen-random-uuid.ts';
import { pgNotify } from './pg-notify.ts';

export const SYSTEM_FUNCTIONS: readonly ScalarFunction[] = [
  version,
  currentDatabase,
  currentSchema,
  currentSchemas,
  currentUser,
  sessionUser,
  user,
  currentRole,
  pgBackendPid,
  currentSetting,
  setConfig,
  genRandomUuid,
  pgNotify,
];
