import { runSubgraph } from '../../lib/subgraph';
import { createService } from './index';

void runSubgraph(createService, 4007);
