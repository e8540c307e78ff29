import { useNoTelemetry } from '../../gateway/plugins/telemetry';

describe('the telemetry plugin', () => {
  const before = process.env.APOLLO_TELEMETRY_DISABLED;
  afterEach(() => {
    if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = before;
  });

  it("opts out of Apollo Gateway's usage metrics as it is made, before the assembly builds the gateway", () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    useNoTelemetry();
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it("leaves an operator's own setting alone", () => {
    process.env.APOLLO_TELEMETRY_DISABLED = 'false';
    useNoTelemetry();
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('false');
  });
});
