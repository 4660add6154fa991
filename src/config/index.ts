export { configSchema, logLevels, type Config, type ConfigInput } from './schema.ts';
export { envVariables, configFromEnv } from './env.ts';
export {
  loadConfig,
  describeConfig,
  ConfigError,
  type LoadConfigOptions,
  type LoadedConfig,
} from './load.ts';
