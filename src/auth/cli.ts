import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { buildLogger } from '../common/logger.js';
import { loadConfig } from '../config/config.js';
import { createDatabase, pgliteDirOf } from '../datasources/db/createDatabase.js';
import { createApiKeyRepository, type ApiKeyRecord } from '../datasources/db/repositories/apiKeyRepository.js';
import { BaseError } from '../errors/baseError.js';
import { ApiKeyOperationError, createApiKeyService } from './apiKeyService.js';
import { isKeyTierName, keyTierNames } from './tiers.js';

const USAGE = `Usage: npm run keys -- <command>
  create --tier ${keyTierNames.join('|')} --name <name> [--account <accountId>]   new account (or a key in an existing one); prints the key once
  list [--account <accountId>]                                            every key (never the secret)
  revoke <id|prefix>                                                      the key stops working at once
  rotate <id|prefix>                                                      a new key with the same name and tier; revokes the old one; prints the new key once
Uses DATABASE_URL (or the embedded database under DATA_DIR), like npm start.`;

class UsageError extends Error {}

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function describeKey(key: ApiKeyRecord): string {
  const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
  const lastUsed = key.lastUsedAt ? key.lastUsedAt.toISOString() : 'never';
  return `${key.id}  ${key.prefix}  ${key.tier.padEnd(10)}  ${state.padEnd(32)}  last used ${lastUsed.padEnd(24)}  account ${key.accountId}  ${JSON.stringify(key.name)}`;
}

function printIssued(key: string, record: ApiKeyRecord): void {
  out(key);
  out();
  out(`id ${record.id}  prefix ${record.prefix}  tier ${record.tier}  account ${record.accountId}  name ${JSON.stringify(record.name)}`);
  out('The key is shown only now; store it. Send it as `x-api-key: <key>` or `Authorization: Bearer <key>`.');
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { tier: { type: 'string' }, name: { type: 'string' }, account: { type: 'string' } },
  });
  const [command, target, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const config = loadConfig(process.env);
  const db = await createDatabase({ url: config.databaseUrl, pgliteDir: pgliteDirOf(config.dataDir), logger: buildLogger('silent') });
  try {
    const repo = createApiKeyRepository(db);
    const service = createApiKeyService(repo);
    const findKey = async (): Promise<ApiKeyRecord> => {
      if (!target) throw new UsageError(`${command} needs a key id or prefix`);
      const key = await repo.findByIdOrPrefix(target);
      if (!key) throw new BaseError(`No API key with id or prefix ${target}`);
      return key;
    };
    switch (command) {
      case 'create': {
        if (!values.tier || !isKeyTierName(values.tier)) throw new UsageError(`--tier must be one of ${keyTierNames.join(', ')}`);
        if (!values.name) throw new UsageError('--name is required');
        if (values.account) {
          const account = await repo.getAccount(values.account);
          if (!account) throw new BaseError(`No account ${values.account}`);
          const issued = await service.issue(account.id, values.name, values.tier);
          printIssued(issued.key, issued.record);
        } else {
          const { issued } = await service.createAccountWithKey(values.name, values.tier);
          printIssued(issued.key, issued.record);
        }
        return 0;
      }
      case 'list': {
        const keys = await repo.listKeys(values.account);
        for (const key of keys) out(describeKey(key));
        if (keys.length === 0) out('no keys');
        return 0;
      }
      case 'revoke':
        out(describeKey(await service.revoke(await findKey())));
        return 0;
      case 'rotate': {
        const issued = await service.rotate(await findKey());
        printIssued(issued.key, issued.record);
        return 0;
      }
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
    }
  } finally {
    await db.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof BaseError || error instanceof ApiKeyOperationError) {
    process.stderr.write(`${error instanceof BaseError ? error.shortMessage : error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
