// Internal to the record store: what record_store.cpp (schema, commits), record_store_query.cpp
// (reads) and record_store_review.cpp (review writes) share.
#pragma once

#include <memory>

#include "engine/store/record_store.hpp"
#include "engine/store/sql_connection.hpp"

namespace kamiflow::engine {

struct RecordStore::Impl {
  std::unique_ptr<sql::Connection> db;
};

namespace sql {
// Schema version 1 → 2 (record_store_review.cpp): review columns on fields and records, and the
// review_audit and review_entries tables. Run inside open()'s write transaction; ALTER TABLE ADD
// COLUMN only, so existing rows keep their data and get the defaults ("ocr", no verdict).
Status migrate_to_review_schema(Connection* db);
// The whole version-2 schema in PostgreSQL's spelling (record_store_pg_schema.cpp).
const char* postgres_schema_v2();
}  // namespace sql

}  // namespace kamiflow::engine
