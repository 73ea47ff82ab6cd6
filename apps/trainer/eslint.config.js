import { bellman } from '@bellman/eslint-config';

export default bellman({ tsconfigRootDir: import.meta.dirname });
