// Tests run in Asia/Shanghai so calendar-date logic matches production deployments.
process.env.TZ = 'Asia/Shanghai';
