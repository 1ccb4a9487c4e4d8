// kv_rocksdb: what only tests need of kv.h's RocksDB implementation, a
// KvEnv over a RocksDB FileSystem (for a fault-injecting wrapper). Includes
// RocksDB: never include it from a public header.
#pragma once

#include <rocksdb/file_system.h>

#include <memory>

#include "graph/kv.h"

namespace kg {

// A KvEnv whose files go through fs.
std::shared_ptr<KvEnv> NewKvEnv(std::shared_ptr<rocksdb::FileSystem> fs);

}  // namespace kg
