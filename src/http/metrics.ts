import { Histogram, type Registry } from 'prom-client';

export type RequestDuration = Histogram<'method' | 'route' | 'status'>;

/** Request latency, registered with the runtime's metrics so /metrics shows it next to the job metrics. */
export function requestDuration(registry: Registry): RequestDuration {
  return new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}
