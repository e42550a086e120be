// cdktf's jest matchers, from their adapter alone: `Testing.setupJest()` would load all of cdktf into every suite.
import { setupJest } from 'cdktf/lib/testing/adapters/jest';

setupJest();
