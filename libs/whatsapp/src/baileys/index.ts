export { BaileysEngine, BaileysEngineOptions } from './baileys-engine';
export { trustRootOverride } from './trust';
