import { expose } from 'comlink';
import { createProjectionService } from '../src/compute/projectionService';

expose(createProjectionService());
