import { bellmanVitest } from '@bellman/vitest-config';

export default bellmanVitest();
