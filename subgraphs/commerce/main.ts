import { runSubgraph } from '../../lib/subgraph';
import { createService } from './index';

void runSubgraph(createService(process.env), 4008);
