/**
 * Prints the demo ADMIN's current TOTP code (the secret is public, see README), for trying the demo without an
 * authenticator app: `npm run -s demo:totp`.
 */
import { DEMO_ADMIN_TOTP_SECRET } from '../apps/server/src/modules/auth/demo-admin-totp.ts';
import { base32Decode, totp } from '../apps/server/src/modules/auth/totp.ts';

const now = new Date();
const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
console.log(`${totp(base32Decode(DEMO_ADMIN_TOTP_SECRET), now)}  (admin@sentia.demo, valid for ${secondsLeft} more s)`);
