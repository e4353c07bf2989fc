/** `npm run web [-- --demo SCENARIO | --pcsc] [--port=N] [--build]` */
import { main } from './run';

await main(process.argv.slice(2));
