/** Every TypeORM entity of the gateway. Features add theirs here. */
export const ENTITIES: Function[] = [];
