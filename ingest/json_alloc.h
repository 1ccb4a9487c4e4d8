// RapidJSON's types over an allocator that throws std::bad_alloc when memory
// runs out. RapidJSON's own (CrtAllocator) returns NULL from malloc and
// realloc, and RapidJSON writes through the pointer unchecked: under a
// memory limit (ulimit -v) the parse of a record ended in SIGSEGV. The
// exception reaches the read-ahead thread's handler, and the ingest ends
// with "out of memory" (exit 3).
#pragma once

#include <rapidjson/document.h>

#include <cstdlib>
#include <new>

namespace kg {

class ThrowingJsonAllocator {
 public:
  static const bool kNeedFree = true;
  void* Malloc(size_t size) {
    if (size == 0) return nullptr;  // as CrtAllocator: RapidJSON frees nothing it got for nothing
    void* p = std::malloc(size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  void* Realloc(void* original, size_t /*original_size*/, size_t new_size) {
    if (new_size == 0) {
      std::free(original);
      return nullptr;
    }
    void* p = std::realloc(original, new_size);
    if (p == nullptr) throw std::bad_alloc();  // original is still RapidJSON's, freed with its owner
    return p;
  }
  static void Free(void* p) { std::free(p); }
};

using JsonPool = rapidjson::MemoryPoolAllocator<ThrowingJsonAllocator>;
using JsonValue = rapidjson::GenericValue<rapidjson::UTF8<>, JsonPool>;
using JsonDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, JsonPool, ThrowingJsonAllocator>;

}  // namespace kg
