import { createMemoryStore } from '../../../src/core/throttle';
import { describeStoreContract } from './store-contract';

describeStoreContract('MemoryStore', () => createMemoryStore());
