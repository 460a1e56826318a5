import type { AppEnv } from '../http/env.js';
import type { ActiveSession } from '../services/users/sessions.js';

/** The console's context: everything the API has, plus the signed-in session when there is one. */
export interface ConsoleEnv {
  Variables: AppEnv['Variables'] & { session: ActiveSession | null };
}
