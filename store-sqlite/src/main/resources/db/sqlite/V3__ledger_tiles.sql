-- The Merkle tree as tiles (docs/ledger.md, "Storage"; c2sp.org/tlog-tiles with tiles of height 4)
-- instead of one row per node: a group commit writes a handful of rows, a proof reads one row per
-- four tree levels. Row (level L, idx N) holds the hashes of tree level 4L, nodes 16N to 16N + 15,
-- 32 bytes each, left to right; only the last tile of a level may hold fewer than 16, and it grows
-- by rewriting. Nodes of the three levels between are recomputed from the tile below them.
CREATE TABLE ledger_tiles (
  tenant TEXT    NOT NULL,
  level  INTEGER NOT NULL,
  idx    INTEGER NOT NULL,
  hashes BLOB    NOT NULL,
  PRIMARY KEY (tenant, level, idx)
) WITHOUT ROWID;

-- Existing trees move over: every fourth level, sixteen nodes a row. Only a run without gaps from
-- the tile's first node, of 32-byte hashes, becomes a tile; anything else (a database edited by
-- hand) leaves the tile out, so that proofs and appends over it fail instead of shifting hashes.
INSERT INTO ledger_tiles (tenant, level, idx, hashes)
SELECT tenant, level / 4, idx / 16, unhex(group_concat(hex(hash), '' ORDER BY idx))
FROM ledger_nodes
WHERE level % 4 = 0
GROUP BY tenant, level, idx / 16
HAVING min(idx) % 16 = 0
   AND count(*) = max(idx) - min(idx) + 1
   AND min(length(hash)) = 32
   AND max(length(hash)) = 32;

DROP TABLE ledger_nodes;
