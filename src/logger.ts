import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs; credentials are redacted wherever they could appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'compute-subsidy' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-signature"]',
          'headers.authorization',
          'req.headers.cookie',
          'headers.cookie',
          'headers["x-signature"]',
          'res.headers["set-cookie"]',
          'authorization',
          '*.authorization',
          'cookie',
          'signature',
          '*.signature',
          'token',
          'secret',
          '*.token',
          '*.secret',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
