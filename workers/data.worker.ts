import { expose } from 'comlink';
import { createDataService } from '../src/compute/dataService';

expose(createDataService());
