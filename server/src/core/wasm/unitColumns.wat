;; Most of a transcript's parse (core/transcript.ts), in WebAssembly. In JavaScript these
;; loops run in V8's interpreter and baseline tiers for the first fifty files of a cold
;; `check`; a module is compiled before its first call (docs/performance.md, "The parse in
;; WebAssembly"). A parse copies its text in once, then calls, in turn:
;;   `lines`  the line starts (lineIndex.ts);
;;   `blocks` the block scan and what the parse does with each block (blocks.ts's
;;            scanBlocks, transcript.ts's callback) for the default speaker labels;
;;   `spans`  the inline scan of every paragraph and heading for its spans (inline.ts);
;;   `build`  from the scans' flat lists (unit records, attribute items, markup ranges,
;;            turns) to the plain text's segments and the unit columns (unitTable.ts):
;;            transcript.ts's sortedUnits, buildPlainText and addUnits.
;; Each gives the answers of the JavaScript it stands for, which test/unit/wasmColumns.test.ts
;; compares with it, and hands back to that JavaScript what it does not read (a text, a
;; paragraph or a parse; see each function). Assembled into unitColumnsWasm.ts by
;; scripts/buildWasm.mjs; hosted by core/wasmColumns.ts, which lays out the memory.
;;
;; `build`: the units and the markup ranges come in three parts, each nearly in order (the
;; block scan's, the spans', the JavaScript inline scan's): each part is sorted by
;; insertion (by merging when far out of order), then the parts are merged. Should two
;; units start at the same place (the scans make none), `build` returns 0 and the
;; JavaScript does it all.
;;
;; Memory, laid out by the host, whose header (i32 words at 0) gives every region:
;;   [0] TEXT, the transcript, one byte a character ([2] WIDE 0) or two (WIDE 1);
;;       [1] its length in UTF-16 code units
;;   [3] RAW, [4] n unit records of 9 i32 (inline.ts's Raw: start, end, content start,
;;       content end, attribute start, attribute end, items from, items to, div)
;;   [5] ITEMS, the attribute items, 6 i32 each (kind, start, end, ...)
;;   [6] MARKUP, [7] m i32: markup ranges as [start, end] pairs, sorted here in place
;;   [8] TURNS, [9] t turns of 2 i32 (start, end)
;;   [10] ORDER, n i32; [11] SEG, the plain text's segments, 3 i32 each (source start,
;;   plain start, length); [12] DATA, unit records of 13 i32 (unitTable.ts's U);
;;   [13] REFS, 3 i32 each (code, name start, name end); [14] ATTR, per unit with an id or
;;   a pair: unit, item count, its Id and Pair items; [15] PROBS, 4 i32 each (kind 0
;;   too deep, 1 empty, 2 uncoded; start; end; units skipped); [16] TABLE, [17] its mask:
;;   the code names seen, 4 i32 each (id + 1, hash, start, length); [18] NAMES, the
;;   first occurrence of each name, 2 i32 (start, end); [19] STACK, 2 i32 per open unit;
;;   [20] the deepest nesting read; [21] to [23] and [31] ItemKind's Id, Class, Pair and Dash; [24] KEYS,
;;   room for twice as many i64 sort keys as there are units or markup pairs
;;   [25] to [30], written here: segment i32s, units, references, ATTR i32s, problems, names
;;   [32] Pandoc's own classes: a count, then 32 bytes each (length, up to 14 UTF-16 units)
;;   [84] and [85] where the units' second and third parts begin, [86] and [87] the markup
;;   pairs' (see sortKeys)
(module
  (memory (export "memory") 1)
  (global $text (mut i32) (i32.const 0))
  (global $wide (mut i32) (i32.const 0))
  (global $seg (mut i32) (i32.const 0))
  (global $segCount (mut i32) (i32.const 0))
  ;; PlainCursor's segment.
  (global $ck (mut i32) (i32.const 0))

  ;; The UTF-16 code unit at $i.
  (func $ch (param $i i32) (result i32)
    (if (result i32) (global.get $wide)
      (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1)))))
      (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))

  ;; transcript.ts's isBlank for one code unit: ASCII's space, tab, CR and LF, and what
  ;; JavaScript's \s holds above U+007F.
  (func $blank (param $c i32) (result i32)
    (if (i32.lt_u (local.get $c) (i32.const 128))
      (then
        (return (i32.or
          (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
          (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))))
    (i32.or
      (i32.or
        (i32.or (i32.eq (local.get $c) (i32.const 0xA0)) (i32.eq (local.get $c) (i32.const 0x1680)))
        (i32.or
          (i32.le_u (i32.sub (local.get $c) (i32.const 0x2000)) (i32.const 10))
          (i32.or (i32.eq (local.get $c) (i32.const 0x2028)) (i32.eq (local.get $c) (i32.const 0x2029)))))
      (i32.or
        (i32.or (i32.eq (local.get $c) (i32.const 0x202F)) (i32.eq (local.get $c) (i32.const 0x205F)))
        (i32.or (i32.eq (local.get $c) (i32.const 0x3000)) (i32.eq (local.get $c) (i32.const 0xFEFF))))))

  ;; Sorts the $n i64 keys at $a (with $n more at $b to work in), in ascending order, by
  ;; merging runs of doubling width; returns where the sorted keys are ($a or $b).
  (func $sort64 (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $w i32) (local $lo i32) (local $mid i32) (local $hi i32) (local $t i32)
    (local.set $w (i32.const 1))
    (block $sorted
      (loop $pass
        (br_if $sorted (i32.ge_u (local.get $w) (local.get $n)))
        (local.set $lo (i32.const 0))
        (block $passed
          (loop $run
            (br_if $passed (i32.ge_u (local.get $lo) (local.get $n)))
            (local.set $mid (i32.add (local.get $lo) (local.get $w)))
            (if (i32.gt_u (local.get $mid) (local.get $n)) (then (local.set $mid (local.get $n))))
            (local.set $hi (i32.add (local.get $mid) (local.get $w)))
            (if (i32.gt_u (local.get $hi) (local.get $n)) (then (local.set $hi (local.get $n))))
            (call $merge (local.get $a) (local.get $b) (local.get $lo) (local.get $mid) (local.get $hi))
            (local.set $lo (local.get $hi))
            (br $run)))
        (local.set $t (local.get $a))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $w (i32.shl (local.get $w) (i32.const 1)))
        (br $pass)))
    (local.get $a))

  ;; Sorts the keys at $a [$lo, $hi) in place ($b [$lo, $hi) to work in): by insertion,
  ;; linear on keys nearly in order, unless that moves them more than 8 places each on
  ;; average; then by merging.
  (func $sortPart (param $a i32) (param $b i32) (param $lo i32) (param $hi i32)
    (local $i i32) (local $j i32) (local $key i64) (local $budget i32) (local $at i32) (local $k i32)
    (local.set $budget (i32.add (i32.shl (i32.sub (local.get $hi) (local.get $lo)) (i32.const 3)) (i32.const 64)))
    (local.set $i (i32.add (local.get $lo) (i32.const 1)))
    (block $merge
      (block $sorted
        (loop $each
          (br_if $sorted (i32.ge_s (local.get $i) (local.get $hi)))
          (local.set $key (i64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3)))))
          (local.set $j (local.get $i))
          (block $placed
            (loop $move
              (br_if $placed (i32.le_s (local.get $j) (local.get $lo)))
              (br_if $placed (i64.le_u
                (i64.load (i32.add (local.get $a) (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 3))))
                (local.get $key)))
              (i64.store (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 3)))
                (i64.load (i32.add (local.get $a) (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 3)))))
              (local.set $j (i32.sub (local.get $j) (i32.const 1)))
              (local.set $budget (i32.sub (local.get $budget) (i32.const 1)))
              (br $move)))
          (i64.store (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 3))) (local.get $key))
          (br_if $merge (i32.lt_s (local.get $budget) (i32.const 0)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $each)))
      (return))
    ;; Far out of order (nested units close innermost first): merge sort, back into $a.
    (local.set $at (call $sort64 (i32.add (local.get $a) (i32.shl (local.get $lo) (i32.const 3)))
      (i32.add (local.get $b) (i32.shl (local.get $lo) (i32.const 3))) (i32.sub (local.get $hi) (local.get $lo))))
    (if (i32.ne (local.get $at) (i32.add (local.get $a) (i32.shl (local.get $lo) (i32.const 3))))
      (then (call $copy64 (local.get $at) (i32.add (local.get $a) (i32.shl (local.get $lo) (i32.const 3)))
        (i32.sub (local.get $hi) (local.get $lo))))))

  ;; Copies $n i64 from $from to $to.
  (func $copy64 (param $from i32) (param $to i32) (param $n i32)
    (local $k i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $k) (local.get $n)))
        (i64.store (i32.add (local.get $to) (i32.shl (local.get $k) (i32.const 3)))
          (i64.load (i32.add (local.get $from) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))

  ;; Merges the sorted keys at $a [$lo, $mid) and [$mid, $hi) into $b [$lo, $hi), the
  ;; first run's first on equal keys.
  (func $merge (param $a i32) (param $b i32) (param $lo i32) (param $mid i32) (param $hi i32)
    (local $i i32) (local $j i32) (local $k i32)
    (local.set $i (local.get $lo))
    (local.set $j (local.get $mid))
    (local.set $k (local.get $lo))
    (block $merged
      (loop $next
        (br_if $merged (i32.ge_u (local.get $k) (local.get $hi)))
        (if (i32.and (i32.lt_u (local.get $i) (local.get $mid))
              (i32.or (i32.ge_u (local.get $j) (local.get $hi))
                (i64.le_u (i64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
                  (i64.load (i32.add (local.get $a) (i32.shl (select (local.get $j) (local.get $i)
                    (i32.lt_u (local.get $j) (local.get $hi))) (i32.const 3)))))))
          (then
            (i64.store (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3)))
              (i64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else
            (i64.store (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3)))
              (i64.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; Merges the sorted keys at $a [0, $mid) and [$mid, $n) into $a [0, $n) (through $b).
  (func $mergeParts (param $a i32) (param $b i32) (param $mid i32) (param $n i32)
    (if (i32.or (i32.eqz (local.get $mid)) (i32.ge_s (local.get $mid) (local.get $n))) (then (return)))
    (call $merge (local.get $a) (local.get $b) (i32.const 0) (local.get $mid) (local.get $n))
    (call $copy64 (local.get $b) (local.get $a) (local.get $n)))

  ;; Sorts the $n keys at $a, which the scans appended in three parts, each nearly in order
  ;; ([0, $p1) by the block scan, [$p1, $p2) by `spans`, the rest by the JavaScript inline
  ;; scan): each part sorted, then the parts merged. Linear on what the scans make.
  (func $sortKeys (param $a i32) (param $b i32) (param $n i32) (param $p1 i32) (param $p2 i32)
    (call $sortPart (local.get $a) (local.get $b) (i32.const 0) (local.get $p1))
    (call $sortPart (local.get $a) (local.get $b) (local.get $p1) (local.get $p2))
    (call $sortPart (local.get $a) (local.get $b) (local.get $p2) (local.get $n))
    (call $mergeParts (local.get $a) (local.get $b) (local.get $p1) (local.get $p2))
    (call $mergeParts (local.get $a) (local.get $b) (local.get $p2) (local.get $n)))

  ;; sortedUnits's order, into $order: the $n units of $raw by start (each unit starts at a
  ;; place of its own: its `[` or its fence). 0 when two start at the same place, which
  ;; the JavaScript then orders.
  (func $sortUnits (param $raw i32) (param $n i32) (param $order i32) (param $keys i32) (result i32)
    (local $k i32) (local $at i32) (local $key i64) (local $last i64)
    (block $keyed
      (loop $key
        (br_if $keyed (i32.ge_u (local.get $k) (local.get $n)))
        (i64.store (i32.add (local.get $keys) (i32.shl (local.get $k) (i32.const 3)))
          (i64.or
            (i64.shl (i64.extend_i32_u (i32.load (i32.add (local.get $raw) (i32.mul (local.get $k) (i32.const 36)))))
              (i64.const 32))
            (i64.extend_i32_u (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $key)))
    (call $sortKeys (local.get $keys) (i32.add (local.get $keys) (i32.shl (local.get $n) (i32.const 3)))
      (local.get $n) (i32.load (i32.const 336)) (i32.load (i32.const 340)))
    (local.set $at (local.get $keys))
    (local.set $last (i64.const -1))
    (local.set $k (i32.const 0))
    (block $read
      (loop $each
        (br_if $read (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $key (i64.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 3)))))
        (if (i64.eq (i64.shr_u (local.get $key) (i64.const 32)) (local.get $last)) (then (return (i32.const 0))))
        (local.set $last (i64.shr_u (local.get $key) (i64.const 32)))
        (i32.store (i32.add (local.get $order) (i32.shl (local.get $k) (i32.const 2))) (i32.wrap_i64 (local.get $key)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each)))
    (i32.const 1))

  ;; plainText.ts's sortPairs: the $m / 2 [start, end] pairs at $a by start, the longer first.
  (func $sortPairs (param $a i32) (param $m i32) (param $keys i32)
    (local $k i32) (local $n i32) (local $at i32) (local $key i64) (local $p i32)
    (local.set $n (i32.shr_u (local.get $m) (i32.const 1)))
    (block $keyed
      (loop $key
        (br_if $keyed (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $p (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))
        (i64.store (i32.add (local.get $keys) (i32.shl (local.get $k) (i32.const 3)))
          (i64.or (i64.shl (i64.extend_i32_u (i32.load (local.get $p))) (i64.const 32))
            (i64.extend_i32_u (i32.sub (i32.const 0x7FFFFFFF) (i32.load offset=4 (local.get $p))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $key)))
    (call $sortKeys (local.get $keys) (i32.add (local.get $keys) (i32.shl (local.get $n) (i32.const 3)))
      (local.get $n) (i32.load (i32.const 344)) (i32.load (i32.const 348)))
    (local.set $at (local.get $keys))
    (local.set $k (i32.const 0))
    (block $read
      (loop $each
        (br_if $read (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $key (i64.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $p (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))
        (i32.store (local.get $p) (i32.wrap_i64 (i64.shr_u (local.get $key) (i64.const 32))))
        (i32.store offset=4 (local.get $p) (i32.sub (i32.const 0x7FFFFFFF) (i32.wrap_i64 (local.get $key))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))

  ;; plainText.ts's segmentsOfSorted: the segments between the sorted markup pairs, into
  ;; $out; returns how many i32 it wrote.
  (func $segments (param $size i32) (param $a i32) (param $m i32) (param $out i32) (result i32)
    (local $k i32) (local $n i32) (local $src i32) (local $plain i32) (local $s i32) (local $e i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $k) (local.get $m)))
        (local.set $s (i32.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $e (i32.load offset=4 (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br_if $each (i32.le_s (local.get $e) (local.get $src)))
        (if (i32.gt_s (local.get $s) (local.get $src))
          (then
            (call $segment (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
              (local.get $src) (local.get $plain) (i32.sub (local.get $s) (local.get $src)))
            (local.set $n (i32.add (local.get $n) (i32.const 3)))
            (local.set $plain (i32.add (local.get $plain) (i32.sub (local.get $s) (local.get $src))))))
        (local.set $src (local.get $e))
        (br $each)))
    (if (i32.lt_s (local.get $src) (local.get $size))
      (then
        (call $segment (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
          (local.get $src) (local.get $plain) (i32.sub (local.get $size) (local.get $src)))
        (local.set $n (i32.add (local.get $n) (i32.const 3)))))
    (local.get $n))

  (func $segment (param $at i32) (param $src i32) (param $plain i32) (param $length i32)
    (i32.store (local.get $at) (local.get $src))
    (i32.store offset=4 (local.get $at) (local.get $plain))
    (i32.store offset=8 (local.get $at) (local.get $length)))

  ;; plainText.ts's PlainCursor: the plain offset of source offset $off, the cursor moved
  ;; to its segment when $move is 1 (`at`), left where it is when 0 (`after`).
  (func $plainAt (param $off i32) (param $move i32) (result i32)
    (local $n i32) (local $k i32) (local $stop i32) (local $hi i32) (local $mid i32) (local $p i32)
    (local $room i32)
    (local.set $n (global.get $segCount))
    (if (i32.or (i32.eqz (local.get $n)) (i32.lt_s (local.get $off) (i32.load (global.get $seg))))
      (then
        (if (local.get $move) (then (global.set $ck (i32.const 0))))
        (return (i32.const 0))))
    (local.set $k (global.get $ck))
    (if (i32.gt_s (i32.load (i32.add (global.get $seg) (i32.mul (local.get $k) (i32.const 12)))) (local.get $off)) (then (local.set $k (i32.const 0))))
    ;; A few steps forward (the next unit's start), else a binary search.
    (local.set $stop (i32.sub (local.get $n) (i32.const 1)))
    (if (i32.lt_s (i32.add (local.get $k) (i32.const 16)) (local.get $stop))
      (then (local.set $stop (i32.add (local.get $k) (i32.const 16)))))
    (block $stepped
      (loop $step
        (br_if $stepped (i32.ge_s (local.get $k) (local.get $stop)))
        (br_if $stepped (i32.gt_s (i32.load offset=12 (i32.add (global.get $seg) (i32.mul (local.get $k) (i32.const 12)))) (local.get $off)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $step)))
    (if (i32.and (i32.eq (local.get $k) (local.get $stop)) (i32.lt_s (i32.add (local.get $k) (i32.const 1)) (local.get $n)))
      (then (if (i32.le_s (i32.load offset=12 (i32.add (global.get $seg) (i32.mul (local.get $k) (i32.const 12)))) (local.get $off))
      (then
        (local.set $hi (i32.sub (local.get $n) (i32.const 1)))
        (block $found
          (loop $halve
            (br_if $found (i32.ge_s (local.get $k) (local.get $hi)))
            (local.set $mid (i32.shr_u (i32.add (i32.add (local.get $k) (local.get $hi)) (i32.const 1)) (i32.const 1)))
            (if (i32.le_s (i32.load (i32.add (global.get $seg) (i32.mul (local.get $mid) (i32.const 12)))) (local.get $off))
              (then (local.set $k (local.get $mid)))
              (else (local.set $hi (i32.sub (local.get $mid) (i32.const 1)))))
            (br $halve)))))))
    (if (local.get $move) (then (global.set $ck (local.get $k))))
    (local.set $p (i32.add (global.get $seg) (i32.mul (local.get $k) (i32.const 12))))
    (local.set $room (i32.sub (local.get $off) (i32.load (local.get $p))))
    (if (i32.gt_s (local.get $room) (i32.load offset=8 (local.get $p)))
      (then (local.set $room (i32.load offset=8 (local.get $p)))))
    (i32.add (i32.load offset=4 (local.get $p)) (local.get $room)))

  ;; transcript.ts's plainBlank: 1 when the plain text of source range [$from, $to) is
  ;; blank, read from segment $first on.
  (func $plainBlank (param $first i32) (param $from i32) (param $to i32) (result i32)
    (local $k i32) (local $s i32) (local $e i32) (local $i i32) (local $stop i32) (local $p i32) (local $c i32)
    (local.set $k (local.get $first))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $k) (global.get $segCount)))
        (local.set $p (i32.add (global.get $seg) (i32.mul (local.get $k) (i32.const 12))))
        (local.set $s (i32.load (local.get $p)))
        (local.set $e (i32.add (local.get $s) (i32.load offset=8 (local.get $p))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $each (i32.le_s (local.get $e) (local.get $from)))
        (br_if $done (i32.ge_s (local.get $s) (local.get $to)))
        (local.set $i (select (local.get $s) (local.get $from) (i32.gt_s (local.get $s) (local.get $from))))
        (local.set $stop (select (local.get $e) (local.get $to) (i32.lt_s (local.get $e) (local.get $to))))
        (block $read
          (loop $char
            (br_if $read (i32.ge_s (local.get $i) (local.get $stop)))
            (local.set $c (if (result i32) (global.get $wide)
              (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1)))))
              (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))
            ;; Most units begin with a printable ASCII character: no call for it.
            (if (i32.lt_u (i32.sub (local.get $c) (i32.const 33)) (i32.const 94)) (then (return (i32.const 0))))
            (if (i32.eqz (call $blank (local.get $c))) (then (return (i32.const 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $char)))
        (br $each)))
    (i32.const 1))

  ;; 1 when text [$a, $a + $n) and [$b, $b + $n) hold the same code units.
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $pa i32) (local $pb i32) (local $stop i32)
    (if (global.get $wide)
      (then
        (local.set $pa (i32.add (global.get $text) (i32.shl (local.get $a) (i32.const 1))))
        (local.set $pb (i32.add (global.get $text) (i32.shl (local.get $b) (i32.const 1))))
        (local.set $stop (i32.add (local.get $pa) (i32.shl (local.get $n) (i32.const 1))))
        (block $differ
          (loop $char
            (br_if $differ (i32.ge_u (local.get $pa) (local.get $stop)))
            (br_if $differ (i32.ne (i32.load16_u (local.get $pa)) (i32.load16_u (local.get $pb))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 2)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 2)))
            (br $char))))
      (else
        (local.set $pa (i32.add (global.get $text) (local.get $a)))
        (local.set $pb (i32.add (global.get $text) (local.get $b)))
        (local.set $stop (i32.add (local.get $pa) (local.get $n)))
        (block $differ
          (loop $char
            (br_if $differ (i32.ge_u (local.get $pa) (local.get $stop)))
            (br_if $differ (i32.ne (i32.load8_u (local.get $pa)) (i32.load8_u (local.get $pb))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 1)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 1)))
            (br $char)))))
    (i32.ge_u (local.get $pa) (local.get $stop)))

  ;; transcript.ts's isPandocClass: 1 when text [$s, $e) is one of Pandoc's own classes
  ;; (listed by the host at 128).
  (func $isPandoc (param $s i32) (param $e i32) (result i32)
    (local $c i32) (local $n i32) (local $k i32) (local $p i32) (local $i i32)
    (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $s) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $s))))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 115))
          (i32.and (i32.ne (local.get $c) (i32.const 117)) (i32.ne (local.get $c) (i32.const 109))))
      (then (return (i32.const 0))))
    (local.set $n (i32.sub (local.get $e) (local.get $s)))
    (block $none
      (loop $each
        (br_if $none (i32.ge_s (local.get $k) (i32.load (i32.const 128))))
        (local.set $p (i32.add (i32.const 132) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $each (i32.ne (i32.load (local.get $p)) (local.get $n)))
        (local.set $i (i32.const 0))
        (block $differ
          (loop $char
            (if (i32.ge_s (local.get $i) (local.get $n)) (then (return (i32.const 1))))
            (br_if $differ (i32.ne (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.add (local.get $s) (local.get $i)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.add (local.get $s) (local.get $i))))))
              (i32.load16_u (i32.add (i32.add (local.get $p) (i32.const 4)) (i32.shl (local.get $i) (i32.const 1))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $char)))
        (br $each)))
    (i32.const 0))

  ;; ColumnsBuilder.addRef's interning: the id of the code name text [$s, $e), in the order
  ;; names are first met; a new name's place is appended to NAMES.
  (func $intern (param $s i32) (param $e i32) (result i32)
    (local $h i32) (local $i i32) (local $n i32) (local $slot i32) (local $p i32) (local $id i32)
    (local $table i32) (local $mask i32) (local $names i32) (local $stop i32)
    (local.set $h (i32.const 0x811c9dc5))
    (if (global.get $wide)
      (then
        (local.set $i (i32.add (global.get $text) (i32.shl (local.get $s) (i32.const 1))))
        (local.set $stop (i32.add (global.get $text) (i32.shl (local.get $e) (i32.const 1))))
        (block $hashed
          (loop $char
            (br_if $hashed (i32.ge_u (local.get $i) (local.get $stop)))
            (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load16_u (local.get $i))) (i32.const 0x01000193)))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $char))))
      (else
        (local.set $i (i32.add (global.get $text) (local.get $s)))
        (local.set $stop (i32.add (global.get $text) (local.get $e)))
        (block $hashed
          (loop $char
            (br_if $hashed (i32.ge_u (local.get $i) (local.get $stop)))
            (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $i))) (i32.const 0x01000193)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $char)))))
    (local.set $n (i32.sub (local.get $e) (local.get $s)))
    (local.set $table (i32.load (i32.const 64)))
    (local.set $mask (i32.load (i32.const 68)))
    (local.set $slot (i32.and (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (local.get $mask)))
    (loop $probe
      (local.set $p (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 4))))
      (local.set $id (i32.load (local.get $p)))
      (if (i32.eqz (local.get $id))
        (then
          (local.set $id (i32.load (i32.const 120)))
          (i32.store (local.get $p) (i32.add (local.get $id) (i32.const 1)))
          (i32.store offset=4 (local.get $p) (local.get $h))
          (i32.store offset=8 (local.get $p) (local.get $s))
          (i32.store offset=12 (local.get $p) (local.get $n))
          (local.set $names (i32.add (i32.load (i32.const 72)) (i32.shl (local.get $id) (i32.const 3))))
          (i32.store (local.get $names) (local.get $s))
          (i32.store offset=4 (local.get $names) (local.get $e))
          (i32.store (i32.const 120) (i32.add (local.get $id) (i32.const 1)))
          (return (local.get $id))))
      (if (i32.and
            (i32.and (i32.eq (i32.load offset=4 (local.get $p)) (local.get $h))
              (i32.eq (i32.load offset=12 (local.get $p)) (local.get $n)))
            (call $same (i32.load offset=8 (local.get $p)) (local.get $s) (local.get $n)))
        (then (return (i32.sub (local.get $id) (i32.const 1)))))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
      (br $probe))
    (i32.const 0))

  ;; Appends a problem to PROBS; returns its number.
  (func $problem (param $kind i32) (param $start i32) (param $end i32) (result i32)
    (local $n i32) (local $p i32)
    (local.set $n (i32.load (i32.const 116)))
    (local.set $p (i32.add (i32.load (i32.const 60)) (i32.shl (local.get $n) (i32.const 4))))
    (i32.store (local.get $p) (local.get $kind))
    (i32.store offset=4 (local.get $p) (local.get $start))
    (i32.store offset=8 (local.get $p) (local.get $end))
    (i32.store offset=12 (local.get $p) (i32.const 0))
    (i32.store (i32.const 116) (i32.add (local.get $n) (i32.const 1)))
    (local.get $n))

  ;; Sets the units skipped by too-deep problem $n.
  (func $setSkipped (param $n i32) (param $skipped i32)
    (i32.store offset=12 (i32.add (i32.load (i32.const 60)) (i32.shl (local.get $n) (i32.const 4)))
      (local.get $skipped)))

  ;; The whole second half of the parse, as laid out in the header: 1 done, 0 left to the
  ;; JavaScript (see the file comment).
  (func (export "build") (result i32)
    (local $raw i32) (local $n i32) (local $items i32) (local $turns i32) (local $t i32)
    (local $order i32) (local $data i32) (local $refs i32) (local $attr i32) (local $stack i32)
    (local $maxDepth i32) (local $kId i32) (local $kClass i32) (local $kPair i32)
    (local $o i32) (local $r i32) (local $start i32) (local $end i32) (local $cs i32) (local $ce i32)
    (local $div i32) (local $skipEnd i32) (local $skipped i32) (local $tooDeep i32) (local $depth i32)
    (local $turn i32) (local $p16s i32) (local $p16e i32) (local $k i32) (local $d i32)
    (local $coded i32) (local $from i32) (local $to i32) (local $j i32) (local $it i32)
    (local $ns i32) (local $ne i32) (local $refN i32) (local $count i32) (local $attrN i32)
    (local $kept i32) (local $kind i32) (local $sp i32) (local $mask i32) (local $q i32) (local $c i32)
    (global.set $text (i32.load (i32.const 0)))
    (global.set $wide (i32.load (i32.const 8)))
    (local.set $raw (i32.load (i32.const 12)))
    (local.set $n (i32.load (i32.const 16)))
    (local.set $items (i32.load (i32.const 20)))
    (local.set $turns (i32.load (i32.const 32)))
    (local.set $t (i32.load (i32.const 36)))
    (local.set $order (i32.load (i32.const 40)))
    (global.set $seg (i32.load (i32.const 44)))
    (local.set $data (i32.load (i32.const 48)))
    (local.set $refs (i32.load (i32.const 52)))
    (local.set $attr (i32.load (i32.const 56)))
    (local.set $stack (i32.load (i32.const 76)))
    (local.set $maxDepth (i32.load (i32.const 80)))
    (local.set $kId (i32.load (i32.const 84)))
    (local.set $kClass (i32.load (i32.const 88)))
    (local.set $kPair (i32.load (i32.const 92)))
    (if (i32.eqz (call $sortUnits (local.get $raw) (local.get $n) (local.get $order) (i32.load (i32.const 96))))
      (then (return (i32.const 0))))
    (call $sortPairs (i32.load (i32.const 24)) (i32.load (i32.const 28)) (i32.load (i32.const 96)))
    (i32.store (i32.const 100)
      (call $segments (i32.load (i32.const 4)) (i32.load (i32.const 24)) (i32.load (i32.const 28)) (global.get $seg)))
    (global.set $segCount (i32.div_u (i32.load (i32.const 100)) (i32.const 3)))
    (global.set $ck (i32.const 0))
    ;; No code name seen yet: an empty table, no problem, no name.
    (local.set $mask (i32.load (i32.const 68)))
    (local.set $q (i32.load (i32.const 64)))
    (local.set $j (i32.const 0))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.gt_u (local.get $j) (local.get $mask)))
        (i32.store (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 4))) (i32.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $clear)))
    (i32.store (i32.const 116) (i32.const 0))
    (i32.store (i32.const 120) (i32.const 0))
    (local.set $skipEnd (i32.const -1))
    (local.set $tooDeep (i32.const -1))
    (local.set $turn (i32.const -1))
    (local.set $o (i32.const 0))
    (block $units
      (loop $unit
        (br_if $units (i32.ge_s (local.get $o) (local.get $n)))
        (local.set $r (i32.add (local.get $raw)
          (i32.mul (i32.load (i32.add (local.get $order) (i32.shl (local.get $o) (i32.const 2)))) (i32.const 36))))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (local.set $start (i32.load (local.get $r)))
        (local.set $end (i32.load offset=4 (local.get $r)))
        (local.set $cs (i32.load offset=8 (local.get $r)))
        (local.set $ce (i32.load offset=12 (local.get $r)))
        (local.set $div (i32.load offset=32 (local.get $r)))
        ;; Inside a unit nested too deep to read.
        (if (i32.lt_s (local.get $start) (local.get $skipEnd))
          (then
            (local.set $skipped (i32.add (local.get $skipped) (i32.const 1)))
            (br $unit)))
        (if (i32.ge_s (local.get $tooDeep) (i32.const 0))
          (then
            (call $setSkipped (local.get $tooDeep) (local.get $skipped))
            (local.set $tooDeep (i32.const -1))))
        ;; Close the open units that end before this one starts.
        (block $closed
          (loop $close
            (br_if $closed (i32.eqz (local.get $depth)))
            (br_if $closed (i32.gt_s
              (i32.load offset=4 (i32.add (local.get $stack) (i32.shl (i32.sub (local.get $depth) (i32.const 1)) (i32.const 3))))
              (local.get $start)))
            (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
            (br $close)))
        (if (i32.ge_s (local.get $depth) (local.get $maxDepth))
          (then
            (local.set $tooDeep (call $problem (i32.const 0) (local.get $start)
              (select (i32.add (local.get $start) (i32.const 1)) (i32.load offset=20 (local.get $r))
                (i32.lt_s (local.get $div) (i32.const 0)))))
            (local.set $skipEnd (local.get $end))
            (local.set $skipped (i32.const 1))
            (br $unit)))
        ;; The turn the unit's content starts in.
        (block $turned
          (loop $nextTurn
            (br_if $turned (i32.ge_s (i32.add (local.get $turn) (i32.const 1)) (local.get $t)))
            (br_if $turned (i32.gt_s
              (i32.load (i32.add (local.get $turns) (i32.shl (i32.add (local.get $turn) (i32.const 1)) (i32.const 3))))
              (local.get $cs)))
            (local.set $turn (i32.add (local.get $turn) (i32.const 1)))
            (br $nextTurn)))
        (local.set $p16s (call $plainAt (local.get $cs) (i32.const 1)))
        (local.set $p16e (call $plainAt (local.get $ce) (i32.const 0)))
        (if (i32.lt_s (local.get $p16e) (local.get $p16s)) (then (local.set $p16e (local.get $p16s))))
        (local.set $k (local.get $count))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (local.set $d (i32.add (local.get $data) (i32.mul (local.get $k) (i32.const 52))))
        (i32.store offset=48 (local.get $d) (local.get $refN))
        ;; Its codes: the classes that are not Pandoc's own.
        (local.set $coded (i32.const 0))
        (local.set $from (i32.load offset=24 (local.get $r)))
        (local.set $to (i32.load offset=28 (local.get $r)))
        (local.set $kept (i32.const 0))
        (local.set $j (local.get $from))
        (block $classesRead
          (loop $class
            (br_if $classesRead (i32.ge_s (local.get $j) (local.get $to)))
            (local.set $it (i32.add (local.get $items) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $j (i32.add (local.get $j) (i32.const 6)))
            (local.set $kind (i32.load (local.get $it)))
            (if (i32.or (i32.eq (local.get $kind) (local.get $kId)) (i32.eq (local.get $kind) (local.get $kPair)))
              (then (local.set $kept (i32.add (local.get $kept) (i32.const 1)))))
            (br_if $class (i32.ne (local.get $kind) (local.get $kClass)))
            (local.set $ns (i32.load offset=4 (local.get $it)))
            (local.set $ne (i32.load offset=8 (local.get $it)))
            ;; Pandoc's own classes all start with s, u or m: look them up only then.
            (local.set $c (if (result i32) (global.get $wide)
              (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $ns) (i32.const 1)))))
              (else (i32.load8_u (i32.add (global.get $text) (local.get $ns))))))
            (if (i32.or (i32.eq (local.get $c) (i32.const 115))
                  (i32.or (i32.eq (local.get $c) (i32.const 117)) (i32.eq (local.get $c) (i32.const 109))))
              (then (br_if $class (call $isPandoc (local.get $ns) (local.get $ne)))))
            (local.set $sp (i32.add (local.get $refs) (i32.mul (local.get $refN) (i32.const 12))))
            (i32.store (local.get $sp) (call $intern (local.get $ns) (local.get $ne)))
            (i32.store offset=4 (local.get $sp) (local.get $ns))
            (i32.store offset=8 (local.get $sp) (local.get $ne))
            (local.set $refN (i32.add (local.get $refN) (i32.const 1)))
            (local.set $coded (i32.const 1))
            (br $class)))
        ;; ColumnsBuilder.addSpanAttributes: its id and pairs, as items.
        (if (local.get $kept)
          (then
            (local.set $sp (i32.add (local.get $attr) (i32.shl (local.get $attrN) (i32.const 2))))
            (i32.store (local.get $sp) (local.get $k))
            (i32.store offset=4 (local.get $sp) (local.get $kept))
            (local.set $sp (i32.add (local.get $sp) (i32.const 8)))
            (local.set $j (local.get $from))
            (block $copied
              (loop $copy
                (br_if $copied (i32.ge_s (local.get $j) (local.get $to)))
                (local.set $it (i32.add (local.get $items) (i32.shl (local.get $j) (i32.const 2))))
                (local.set $j (i32.add (local.get $j) (i32.const 6)))
                (local.set $kind (i32.load (local.get $it)))
                (br_if $copy
                  (i32.eqz (i32.or (i32.eq (local.get $kind) (local.get $kId)) (i32.eq (local.get $kind) (local.get $kPair)))))
                (i32.store (local.get $sp) (local.get $kind))
                (i32.store offset=4 (local.get $sp) (i32.load offset=4 (local.get $it)))
                (i32.store offset=8 (local.get $sp) (i32.load offset=8 (local.get $it)))
                (i32.store offset=12 (local.get $sp) (i32.load offset=12 (local.get $it)))
                (i32.store offset=16 (local.get $sp) (i32.load offset=16 (local.get $it)))
                (i32.store offset=20 (local.get $sp) (i32.load offset=20 (local.get $it)))
                (local.set $sp (i32.add (local.get $sp) (i32.const 24)))
                (br $copy)))
            (local.set $attrN (i32.add (local.get $attrN) (i32.add (i32.const 2) (i32.mul (local.get $kept) (i32.const 6)))))))
        (i32.store (local.get $d) (local.get $start))
        (i32.store offset=4 (local.get $d) (local.get $end))
        (i32.store offset=8 (local.get $d) (local.get $cs))
        (i32.store offset=12 (local.get $d) (local.get $ce))
        (i32.store offset=16 (local.get $d) (i32.load offset=16 (local.get $r)))
        (i32.store offset=20 (local.get $d) (i32.load offset=20 (local.get $r)))
        (i32.store offset=24 (local.get $d) (local.get $p16s))
        (i32.store offset=28 (local.get $d) (local.get $p16e))
        (i32.store offset=32 (local.get $d)
          (if (result i32) (local.get $depth)
            (then (i32.load (i32.add (local.get $stack) (i32.shl (i32.sub (local.get $depth) (i32.const 1)) (i32.const 3)))))
            (else (i32.const -1))))
        (i32.store offset=36 (local.get $d) (local.get $depth))
        (i32.store offset=40 (local.get $d)
          (if (result i32)
              (i32.and (i32.ge_s (local.get $turn) (i32.const 0))
                (i32.le_s (local.get $cs)
                  (i32.load offset=4 (i32.add (local.get $turns) (i32.shl (local.get $turn) (i32.const 3))))))
            (then (local.get $turn))
            (else (i32.const -1))))
        (i32.store offset=44 (local.get $d) (i32.ge_s (local.get $div) (i32.const 0)))
        (if (call $plainBlank (global.get $ck) (local.get $cs) (local.get $ce))
          (then (drop (call $problem (i32.const 1) (local.get $start) (local.get $end))))
          (else
            (if (i32.eqz (local.get $coded))
              (then (drop (call $problem (i32.const 2) (local.get $cs) (local.get $ce)))))))
        (local.set $sp (i32.add (local.get $stack) (i32.shl (local.get $depth) (i32.const 3))))
        (i32.store (local.get $sp) (local.get $k))
        (i32.store offset=4 (local.get $sp) (local.get $end))
        (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
        (br $unit)))
    (if (i32.ge_s (local.get $tooDeep) (i32.const 0))
      (then (call $setSkipped (local.get $tooDeep) (local.get $skipped))))
    (i32.store (i32.const 104) (local.get $count))
    (i32.store (i32.const 108) (local.get $refN))
    (i32.store (i32.const 112) (local.get $attrN))
    (i32.const 1))
  ;; ---------------------------------------------------------------------------------
  ;; The inline scan of the paragraphs and headings (inline.ts's scanInline), for the spans
  ;; they hold: run before `build`, on the text `build` then reads. It reads what a densely
  ;; coded transcript is made of (text, backslash escapes, spans `[...]{...}` whose
  ;; attribute blocks hold ASCII names and key=value pairs, stray brackets) and hands back
  ;; every paragraph that holds anything else (code, emphasis, `<`, links, a broken or
  ;; non-ASCII attribute block) untouched, for the JavaScript scan to read.
  ;;
  ;; Header, in bytes: 400 PARAS (i32 pairs: from, end), 404 their number; where the scan
  ;; writes: 408 UNITS (inline.ts's Raw, 9 i32 each), 412 ITEMS (6 i32 each), 416 MARKUP
  ;; (i32 pairs), 420 PROBS (3 i32 each: kind 0 a `[` never closed, 1 a `]{...}` never
  ;; opened; start; end), 424 BACK (the numbers of the paragraphs handed back), 428 OPENERS
  ;; (2 i32 each), 432 the number of items before these (added to the units' item
  ;; indices); and what it wrote: 436 unit i32s, 440 item i32s, 444 markup i32s,
  ;; 448 problems, 452 paragraphs handed back.
  (global $unitN (mut i32) (i32.const 0))
  (global $itemN (mut i32) (i32.const 0))
  (global $markN (mut i32) (i32.const 0))
  (global $probN (mut i32) (i32.const 0))

  ;; The code unit at $i, or -1 past the text (where JavaScript's charCodeAt gives NaN).
  (func $at (param $i i32) (result i32)
    (if (result i32) (i32.ge_u (local.get $i) (i32.load (i32.const 4)))
      (then (i32.const -1))
      (else (call $ch (local.get $i)))))

  ;; ASCII punctuation, as a backslash escapes it.
  (func $punct (param $c i32) (result i32)
    (i32.or
      (i32.or (i32.le_u (i32.sub (local.get $c) (i32.const 33)) (i32.const 14))
        (i32.le_u (i32.sub (local.get $c) (i32.const 58)) (i32.const 6)))
      (i32.or (i32.le_u (i32.sub (local.get $c) (i32.const 91)) (i32.const 5))
        (i32.le_u (i32.sub (local.get $c) (i32.const 123)) (i32.const 3)))))

  (func $space (param $c i32) (result i32)
    (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
      (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))

  ;; attributes.ts's scanIdentifier on ASCII: the end of the identifier at $i (before $end),
  ;; $i when there is none, -2 at a character above U+007F (a Unicode letter test: handed back).
  (func $ident (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $from i32)
    (if (i32.ge_s (local.get $i) (local.get $end)) (then (return (local.get $i))))
    (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))
    (if (i32.gt_u (local.get $c) (i32.const 127)) (then (return (i32.const -2))))
    (if (i32.gt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 25))
      (then (return (local.get $i))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (block $done
      (loop $char
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))
        (if (i32.gt_u (local.get $c) (i32.const 127)) (then (return (i32.const -2))))
        (br_if $done
          (i32.eqz
            (i32.or
              (i32.or (i32.le_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 25))
                (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
              (i32.or (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.eq (local.get $c) (i32.const 95)))
                (i32.or (i32.eq (local.get $c) (i32.const 58)) (i32.eq (local.get $c) (i32.const 46)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $char)))
    (local.get $i))

  ;; Appends an item to ITEMS.
  (func $item (param $kind i32) (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $e i32)
    (local $p i32)
    (local.set $p (i32.add (i32.load (i32.const 412)) (i32.shl (global.get $itemN) (i32.const 2))))
    (i32.store (local.get $p) (local.get $kind))
    (i32.store offset=4 (local.get $p) (local.get $a))
    (i32.store offset=8 (local.get $p) (local.get $b))
    (i32.store offset=12 (local.get $p) (local.get $c))
    (i32.store offset=16 (local.get $p) (local.get $d))
    (i32.store offset=20 (local.get $p) (local.get $e))
    (global.set $itemN (i32.add (global.get $itemN) (i32.const 6))))

  ;; attributes.ts's scanAttributeItems for the block whose `{` is at $start, not past
  ;; $limit, its items appended to ITEMS: its end when valid, -1 when not, -2 when this scan
  ;; cannot tell (a character above U+007F in a name).
  (func $attrs (param $start i32) (param $limit i32) (result i32)
    (local $i i32) (local $c i32) (local $e i32) (local $v i32) (local $q i32) (local $j i32) (local $n i32)
    (local.set $i (i32.add (local.get $start) (i32.const 1)))
    (loop $next
      (block $spaced
        (loop $skip
          (br_if $spaced (i32.ge_s (local.get $i) (local.get $limit)))
          (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))
          (br_if $spaced (i32.eqz (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9))) (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $skip)))
      (if (i32.ge_s (local.get $i) (local.get $limit)) (then (return (i32.const -1))))
      (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))
      (if (i32.eq (local.get $c) (i32.const 125)) (then (return (i32.add (local.get $i) (i32.const 1)))))
      (if (i32.or (i32.eq (local.get $c) (i32.const 35)) (i32.eq (local.get $c) (i32.const 46)))
        (then
          (local.set $e (call $ident (i32.add (local.get $i) (i32.const 1)) (local.get $limit)))
          (if (i32.lt_s (local.get $e) (i32.const 0)) (then (return (i32.const -2))))
          (if (i32.eq (local.get $e) (i32.add (local.get $i) (i32.const 1))) (then (return (i32.const -1))))
          (call $item (select (i32.load (i32.const 84)) (i32.load (i32.const 88)) (i32.eq (local.get $c) (i32.const 35)))
            (i32.add (local.get $i) (i32.const 1)) (local.get $e) (i32.const 0) (i32.const 0) (i32.const 0))
          (local.set $i (local.get $e))
          (br $next)))
      (if (i32.eq (local.get $c) (i32.const 45))
        (then
          (local.set $n (call $at (i32.add (local.get $i) (i32.const 1))))
          (if (i32.or (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $limit))
                (i32.or (i32.or (i32.or (i32.eq (local.get $n) (i32.const 32)) (i32.eq (local.get $n) (i32.const 9))) (i32.or (i32.eq (local.get $n) (i32.const 10)) (i32.eq (local.get $n) (i32.const 13)))) (i32.eq (local.get $n) (i32.const 125))))
            (then
              (call $item (i32.load (i32.const 124)) (local.get $i) (i32.add (local.get $i) (i32.const 1))
                (i32.const 0) (i32.const 0) (i32.const 0))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))))
      (local.set $e (call $ident (local.get $i) (local.get $limit)))
      (if (i32.lt_s (local.get $e) (i32.const 0)) (then (return (i32.const -2))))
      (if (i32.or (i32.eq (local.get $e) (local.get $i)) (i32.ne (call $at (local.get $e)) (i32.const 61)))
        (then (return (i32.const -1))))
      (local.set $v (i32.add (local.get $e) (i32.const 1)))
      (local.set $q (call $at (local.get $v)))
      (if (i32.or (i32.eq (local.get $q) (i32.const 34)) (i32.eq (local.get $q) (i32.const 39)))
        (then
          ;; A quoted value: up to the same quote; a backslash escapes ASCII punctuation.
          (local.set $j (i32.add (local.get $v) (i32.const 1)))
          (block $closed
            (loop $quoted
              (if (i32.ge_s (local.get $j) (local.get $limit)) (then (return (i32.const -1))))
              (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $j) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $j))))))
              (if (i32.and (i32.eq (local.get $c) (i32.const 92))
                    (i32.lt_s (i32.add (local.get $j) (i32.const 1)) (local.get $limit)))
                (then
                  (if (call $punct (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.add (local.get $j) (i32.const 1)))))))
                    (then
                      (local.set $j (i32.add (local.get $j) (i32.const 2)))
                      (br $quoted)))))
              (br_if $closed (i32.eq (local.get $c) (local.get $q)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $quoted)))
          (call $item (i32.load (i32.const 92)) (local.get $i) (local.get $e) (i32.add (local.get $v) (i32.const 1)) (local.get $j)
            (i32.const 1))
          (local.set $i (i32.add (local.get $j) (i32.const 1)))
          (br $next)))
      ;; An unquoted value: up to white space or `}`, escaped punctuation included.
      (local.set $j (local.get $v))
      (block $ended
        (loop $unquoted
          (br_if $ended (i32.ge_s (local.get $j) (local.get $limit)))
          (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $j) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $j))))))
          (if (i32.and (i32.eq (local.get $c) (i32.const 92))
                (i32.lt_s (i32.add (local.get $j) (i32.const 1)) (local.get $limit)))
            (then
              (if (call $punct (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.add (local.get $j) (i32.const 1)))))))
                (then
                  (local.set $j (i32.add (local.get $j) (i32.const 2)))
                  (br $unquoted)))))
          (br_if $ended (i32.or (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9))) (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))) (i32.eq (local.get $c) (i32.const 125))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $unquoted)))
      (if (i32.gt_s (local.get $j) (local.get $limit)) (then (local.set $j (local.get $limit))))
      (call $item (i32.load (i32.const 92)) (local.get $i) (local.get $e) (local.get $v) (local.get $j) (i32.const 0))
      (local.set $i (local.get $j))
      (br $next))
    (i32.const -1))

  ;; inline.ts's formattingOnly over ITEMS [$from, $to).
  (func $formattingOnly (param $from i32) (param $to i32) (result i32)
    (local $p i32) (local $kind i32) (local $s i32) (local $c i32)
    (if (i32.eq (local.get $from) (local.get $to)) (then (return (i32.const 0))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $from) (local.get $to)))
        (local.set $p (i32.add (i32.load (i32.const 412)) (i32.shl (local.get $from) (i32.const 2))))
        (local.set $from (i32.add (local.get $from) (i32.const 6)))
        (local.set $kind (i32.load (local.get $p)))
        (br_if $each (i32.eq (local.get $kind) (i32.load (i32.const 124))))
        (if (i32.ne (local.get $kind) (i32.load (i32.const 88))) (then (return (i32.const 0))))
        (local.set $s (i32.load offset=4 (local.get $p)))
        (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $s) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $s))))))
        (if (i32.and (i32.ne (local.get $c) (i32.const 115))
              (i32.and (i32.ne (local.get $c) (i32.const 117)) (i32.ne (local.get $c) (i32.const 109))))
          (then (return (i32.const 0))))
        (if (i32.eqz (call $isPandoc (local.get $s) (i32.load offset=8 (local.get $p)))) (then (return (i32.const 0))))
        (br $each)))
    (i32.const 1))

  (func $mark (param $a i32) (param $b i32)
    (local $p i32)
    (local.set $p (i32.add (i32.load (i32.const 416)) (i32.shl (global.get $markN) (i32.const 2))))
    (i32.store (local.get $p) (local.get $a))
    (i32.store offset=4 (local.get $p) (local.get $b))
    (global.set $markN (i32.add (global.get $markN) (i32.const 2))))

  (func $inlineProblem (param $kind i32) (param $a i32) (param $b i32)
    (local $p i32)
    (local.set $p (i32.add (i32.load (i32.const 420)) (i32.mul (global.get $probN) (i32.const 12))))
    (i32.store (local.get $p) (local.get $kind))
    (i32.store offset=4 (local.get $p) (local.get $a))
    (i32.store offset=8 (local.get $p) (local.get $b))
    (global.set $probN (i32.add (global.get $probN) (i32.const 1))))

  ;; Scans one paragraph, [$start, $end): 1 when read, 0 to hand it back (what it wrote is
  ;; then dropped by the caller).
  (func $paragraph (param $start i32) (param $end i32) (result i32)
    (local $i i32) (local $c i32) (local $n i32) (local $kind i32) (local $open i32) (local $top i32)
    (local $plain i32) (local $was i32) (local $r i32) (local $from i32) (local $k i32) (local $p i32)
    (local $lastClose i32) (local $openers i32) (local $base i32) (local $v v128) (local $bits i32)
    (local.set $openers (i32.load (i32.const 428)))
    (local.set $lastClose (i32.const -1))
    (local.set $i (local.get $start))
    (block $done
      (loop $next
        ;; Anything but \ ` [ ] < * _ is text: skipped in a loop of its own, without a call.
        (block $hit
          (if (global.get $wide)
            (then
              (loop $skip16
                (br_if $hit (i32.ge_s (local.get $i) (local.get $end)))
                ;; Eight characters at a time, likewise.
                (if (i32.le_s (i32.add (local.get $i) (i32.const 8)) (local.get $end))
                  (then
                    (local.set $v (v128.load (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1)))))
                    (local.set $bits (i16x8.bitmask
                      (v128.or
                        (v128.or
                          (v128.or (i16x8.eq (local.get $v) (v128.const i16x8 42 42 42 42 42 42 42 42))
                            (i16x8.eq (local.get $v) (v128.const i16x8 60 60 60 60 60 60 60 60)))
                          (v128.or (i16x8.eq (local.get $v) (v128.const i16x8 91 91 91 91 91 91 91 91))
                            (i16x8.eq (local.get $v) (v128.const i16x8 92 92 92 92 92 92 92 92))))
                        (v128.or
                          (v128.or (i16x8.eq (local.get $v) (v128.const i16x8 93 93 93 93 93 93 93 93))
                            (i16x8.eq (local.get $v) (v128.const i16x8 95 95 95 95 95 95 95 95)))
                          (i16x8.eq (local.get $v) (v128.const i16x8 96 96 96 96 96 96 96 96))))))
                    (if (i32.eqz (local.get $bits))
                      (then
                        (local.set $i (i32.add (local.get $i) (i32.const 8)))
                        (br $skip16)))
                    (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $bits))))
                    (local.set $c (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1)))))
                    (br $hit)))
                (local.set $c (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1)))))
                (br_if $hit
                  (i32.or (i32.or (i32.eq (local.get $c) (i32.const 42)) (i32.eq (local.get $c) (i32.const 60)))
                    (i32.and (i32.le_u (i32.sub (local.get $c) (i32.const 91)) (i32.const 5))
                      (i32.ne (local.get $c) (i32.const 94)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $skip16)))
            (else
              (loop $skip8
                (br_if $hit (i32.ge_s (local.get $i) (local.get $end)))
                ;; Sixteen characters at a time: none special, on to the next sixteen; else
                ;; straight to the first special one.
                (if (i32.le_s (i32.add (local.get $i) (i32.const 16)) (local.get $end))
                  (then
                    (local.set $v (v128.load (i32.add (global.get $text) (local.get $i))))
                    (local.set $bits (i8x16.bitmask
                      (v128.or
                        (v128.or
                          (v128.or (i8x16.eq (local.get $v) (v128.const i8x16 42 42 42 42 42 42 42 42 42 42 42 42 42 42 42 42))
                            (i8x16.eq (local.get $v) (v128.const i8x16 60 60 60 60 60 60 60 60 60 60 60 60 60 60 60 60)))
                          (v128.or (i8x16.eq (local.get $v) (v128.const i8x16 91 91 91 91 91 91 91 91 91 91 91 91 91 91 91 91))
                            (i8x16.eq (local.get $v) (v128.const i8x16 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92))))
                        (v128.or
                          (v128.or (i8x16.eq (local.get $v) (v128.const i8x16 93 93 93 93 93 93 93 93 93 93 93 93 93 93 93 93))
                            (i8x16.eq (local.get $v) (v128.const i8x16 95 95 95 95 95 95 95 95 95 95 95 95 95 95 95 95)))
                          (i8x16.eq (local.get $v) (v128.const i8x16 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96))))))
                    (if (i32.eqz (local.get $bits))
                      (then
                        (local.set $i (i32.add (local.get $i) (i32.const 16)))
                        (br $skip8)))
                    (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $bits))))
                    (local.set $c (i32.load8_u (i32.add (global.get $text) (local.get $i))))
                    (br $hit)))
                (local.set $c (i32.load8_u (i32.add (global.get $text) (local.get $i))))
                (br_if $hit
                  (i32.or (i32.or (i32.eq (local.get $c) (i32.const 42)) (i32.eq (local.get $c) (i32.const 60)))
                    (i32.and (i32.le_u (i32.sub (local.get $c) (i32.const 91)) (i32.const 5))
                      (i32.ne (local.get $c) (i32.const 94)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $skip8)))))
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (if (i32.eq (local.get $c) (i32.const 92))
          (then
            (local.set $n (call $at (i32.add (local.get $i) (i32.const 1))))
            (if (i32.and (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $end))
                  (i32.and (i32.ge_s (local.get $n) (i32.const 0)) (call $punct (local.get $n))))
              (then
                (call $mark (local.get $i) (i32.add (local.get $i) (i32.const 1)))
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (br $next)))
            ;; A backslash ending a line inside the block: a hard line break, markup.
            (if (i32.and (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $end))
                  (i32.or (i32.eq (local.get $n) (i32.const 10))
                    (i32.and (i32.eq (local.get $n) (i32.const 13))
                      (i32.eq (call $at (i32.add (local.get $i) (i32.const 2))) (i32.const 10)))))
              (then (call $mark (local.get $i) (i32.add (local.get $i) (i32.const 1)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (if (i32.eq (local.get $c) (i32.const 91))
          (then
            (local.set $kind (i32.const 0))
            (if (i32.and (i32.gt_s (local.get $i) (local.get $start))
                  (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (local.get $i) (i32.const 1)))))) (i32.const 33)))
              (then
                ;; `![`: an image, unless its `!` is escaped (an odd run of backslashes before it).
                (local.set $n (i32.const 0))
                (block $counted
                  (loop $count
                    (br_if $counted (i32.lt_s (i32.sub (i32.sub (local.get $i) (i32.const 2)) (local.get $n)) (local.get $start)))
                    (br_if $counted (i32.ne (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (i32.sub (local.get $i) (i32.const 2)) (local.get $n)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (i32.sub (local.get $i) (i32.const 2)) (local.get $n)))))) (i32.const 92)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br $count)))
                (if (i32.eqz (i32.and (local.get $n) (i32.const 1))) (then (local.set $kind (i32.const 1))))))
            (if (i32.eqz (local.get $kind))
              (then
                (if (i32.eq (call $at (i32.add (local.get $i) (i32.const 1))) (i32.const 94))
                  (then (local.set $kind (i32.const 2)))
                  (else (if (i32.eq (local.get $i) (local.get $lastClose)) (then (local.set $kind (i32.const 3))))))))
            (local.set $p (i32.add (local.get $openers) (i32.shl (local.get $top) (i32.const 3))))
            (i32.store (local.get $p) (local.get $i))
            (i32.store offset=4 (local.get $p) (local.get $kind))
            (local.set $top (i32.add (local.get $top) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (if (i32.ne (local.get $c) (i32.const 93)) (then (return (i32.const 0))))
        ;; `]`: links (`](`) are handed back.
        (local.set $n (call $at (i32.add (local.get $i) (i32.const 1))))
        (if (i32.eq (local.get $n) (i32.const 40)) (then (return (i32.const 0))))
        (if (i32.eqz (local.get $top))
          (then
            (local.set $lastClose (i32.const -1))
            (if (i32.eq (local.get $n) (i32.const 123))
              (then
                ;; A `]{...}` with no `[`: reported when the block is valid, and skipped.
                (local.set $from (global.get $itemN))
                (local.set $r (call $attrs (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
                (global.set $itemN (local.get $from))
                ;; A block that is no block, read again from every `]` before it, would make
                ;; the scan quadratic (`]{k=]{k=...`): the JavaScript scan remembers such
                ;; failures (AttributeMemo), so the paragraph is handed back.
                (if (i32.lt_s (local.get $r) (i32.const 0)) (then (return (i32.const 0))))
                (if (i32.gt_s (local.get $r) (i32.const 0))
                  (then
                    (call $inlineProblem (i32.const 1) (local.get $i) (local.get $r))
                    (local.set $i (local.get $r))
                    (br $next)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.set $top (i32.sub (local.get $top) (i32.const 1)))
        (local.set $p (i32.add (local.get $openers) (i32.shl (local.get $top) (i32.const 3))))
        (local.set $open (i32.load (local.get $p)))
        (local.set $kind (i32.load offset=4 (local.get $p)))
        (local.set $plain (i32.le_u (local.get $kind) (i32.const 1)))
        (local.set $was (local.get $i))
        (if (i32.and (i32.eq (local.get $n) (i32.const 123)) (i32.eqz (local.get $kind)))
          (then
            (local.set $from (global.get $itemN))
            (local.set $r (call $attrs (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
            ;; A broken block is reported with its reason: the JavaScript scan does that.
            (if (i32.lt_s (local.get $r) (i32.const 0)) (then (return (i32.const 0))))
            (call $mark (local.get $open) (i32.add (local.get $open) (i32.const 1)))
            (call $mark (local.get $i) (local.get $r))
            (if (call $formattingOnly (local.get $from) (global.get $itemN))
              (then (global.set $itemN (local.get $from)))
              (else
                (local.set $base (i32.load (i32.const 432)))
                (local.set $p (i32.add (i32.load (i32.const 408)) (i32.shl (global.get $unitN) (i32.const 2))))
                (i32.store (local.get $p) (local.get $open))
                (i32.store offset=4 (local.get $p) (local.get $r))
                (i32.store offset=8 (local.get $p) (i32.add (local.get $open) (i32.const 1)))
                (i32.store offset=12 (local.get $p) (local.get $i))
                (i32.store offset=16 (local.get $p) (i32.add (local.get $i) (i32.const 1)))
                (i32.store offset=20 (local.get $p) (local.get $r))
                (i32.store offset=24 (local.get $p) (i32.add (local.get $base) (local.get $from)))
                (i32.store offset=28 (local.get $p) (i32.add (local.get $base) (global.get $itemN)))
                (i32.store offset=32 (local.get $p) (i32.const -1))
                (global.set $unitN (i32.add (global.get $unitN) (i32.const 9)))))
            (local.set $i (local.get $r)))
          (else (local.set $i (i32.add (local.get $i) (i32.const 1)))))
        (local.set $lastClose
          (select (local.get $i) (i32.const -1)
            (i32.and (local.get $plain) (i32.eq (local.get $i) (i32.add (local.get $was) (i32.const 1))))))
        (br $next)))
    ;; Every `[` still open (a plain bracket) is never closed.
    (block $reported
      (loop $each
        (br_if $reported (i32.ge_s (local.get $k) (local.get $top)))
        (local.set $p (i32.add (local.get $openers) (i32.shl (local.get $k) (i32.const 3))))
        (if (i32.eqz (i32.load offset=4 (local.get $p)))
          (then (call $inlineProblem (i32.const 0) (i32.load (local.get $p)) (i32.add (i32.load (local.get $p)) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each)))
    (i32.const 1))

  ;; Scans every paragraph of PARAS (see the header above).
  (func (export "spans")
    (local $k i32) (local $p i32) (local $units i32) (local $items i32) (local $marks i32) (local $probs i32)
    (local $back i32)
    (global.set $text (i32.load (i32.const 0)))
    (global.set $wide (i32.load (i32.const 8)))
    (global.set $unitN (i32.const 0))
    (global.set $itemN (i32.const 0))
    (global.set $markN (i32.const 0))
    (global.set $probN (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (i32.load (i32.const 404))))
        (local.set $p (i32.add (i32.load (i32.const 400)) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $units (global.get $unitN))
        (local.set $items (global.get $itemN))
        (local.set $marks (global.get $markN))
        (local.set $probs (global.get $probN))
        (if (i32.eqz (call $paragraph (i32.load (local.get $p)) (i32.load offset=4 (local.get $p))))
          (then
            (global.set $unitN (local.get $units))
            (global.set $itemN (local.get $items))
            (global.set $markN (local.get $marks))
            (global.set $probN (local.get $probs))
            (i32.store (i32.add (i32.load (i32.const 424)) (i32.shl (local.get $back) (i32.const 2))) (local.get $k))
            (local.set $back (i32.add (local.get $back) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each)))
    (i32.store (i32.const 436) (global.get $unitN))
    (i32.store (i32.const 440) (global.get $itemN))
    (i32.store (i32.const 444) (global.get $markN))
    (i32.store (i32.const 448) (global.get $probN))
    (i32.store (i32.const 452) (local.get $back)))

  ;; ---------------------------------------------------------------------------------
  ;; The block scan (blocks.ts's scanBlocks), run before `spans` on the same text: which
  ;; lines are paragraphs, headings, div fences and indented code, each block handed in
  ;; order to `visit`, which does what the parse's callback (transcript.ts) does with it
  ;; for the default speaker labels. A text with a fenced code block or
  ;; an HTML comment block, or a div fence whose attribute block this module does not read
  ;; (a broken one, one with a name above U+007F), is handed back whole: `blocks` returns 0
  ;; and blocks.ts reads it.
  ;;
  ;; Header, in bytes: 456 FROM (where the blocks begin: after a BOM and front matter),
  ;; 460 LINES (the line starts, i32, as LineIndex has them), 464 their number; where the
  ;; callback (`visit`) writes, each list's address and then, 24 bytes further, its length
  ;; in i32 (written here): 480 UNITS (the div units, inline.ts's Raw), 484 MARKUP (pairs),
  ;; 488 TURNS (7 i32 each, see `visit`), 492 PARAS (the inline ranges, pairs); 496 DIVS
  ;; (the open divs, 7 i32 each), 500 UNCLOSED (start and end of each div never closed,
  ;; their number at 520); 524 SPEAKER_PREFIX. The div openers' items go to ITEMS (412)
  ;; from 0, their indices in the unit records counted from 432; 440 their i32s.
  (global $divN (mut i32) (i32.const 0))
  (global $paraOpen (mut i32) (i32.const 0))
  (global $paraStart (mut i32) (i32.const 0))
  (global $paraEnd (mut i32) (i32.const 0))
  (global $paraNext (mut i32) (i32.const 0))
  (global $paraContainer (mut i32) (i32.const 0))

  ;; JavaScript's \s on one code unit (whiteSpace.ts's isWhiteSpace).
  (func $ws (param $c i32) (result i32)
    (if (i32.lt_u (local.get $c) (i32.const 128))
      (then (return (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.le_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 4))))))
    (call $blank (local.get $c)))

  ;; speakers.ts's boldLabel on the paragraph [$start, $end): 1 when it is a `**Label:**`
  ;; or `**Label**:` label, with its length, its closing `**` (from $start) and the label's
  ;; trimmed range in $labelLength, $labelClose, $labelFrom and $labelTo; 0 when not.
  (global $labelLength (mut i32) (i32.const 0))
  (global $labelClose (mut i32) (i32.const 0))
  (global $labelFrom (mut i32) (i32.const 0))
  (global $labelTo (mut i32) (i32.const 0))
  (func $boldLabel (param $start i32) (param $end i32) (result i32)
    (local $close i32) (local $limit i32) (local $c i32) (local $rel i32) (local $labelEnd i32) (local $length i32)
    (local $from i32)
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $start)) (i32.const 2)) (then (return (i32.const 0))))
    (if (i32.or (i32.ne (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $start) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $start))))) (i32.const 42)) (i32.ne (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.add (local.get $start) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.add (local.get $start) (i32.const 1)))))) (i32.const 42))) (then (return (i32.const 0))))
    (local.set $close (i32.add (local.get $start) (i32.const 2)))
    (local.set $limit (select (local.get $end) (i32.add (local.get $start) (i32.const 44))
      (i32.lt_s (local.get $end) (i32.add (local.get $start) (i32.const 44)))))
    (block $found
      (loop $seek
        (br_if $found (i32.ge_s (local.get $close) (local.get $limit)))
        (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $close) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $close))))))
        (br_if $found (i32.eq (local.get $c) (i32.const 42)))
        (if (i32.eq (local.get $c) (i32.const 10)) (then (return (i32.const 0))))
        (local.set $close (i32.add (local.get $close) (i32.const 1)))
        (br $seek)))
    (if (i32.ge_s (local.get $close) (local.get $limit)) (then (return (i32.const 0))))
    (if (i32.ne (call $at (i32.add (local.get $close) (i32.const 1))) (i32.const 42)) (then (return (i32.const 0))))
    (if (i32.gt_s (i32.add (local.get $close) (i32.const 2)) (local.get $end)) (then (return (i32.const 0))))
    (local.set $rel (i32.sub (local.get $close) (local.get $start)))
    (if (i32.lt_s (local.get $rel) (i32.const 3)) (then (return (i32.const 0))))
    (if (i32.and (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (local.get $close) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (local.get $close) (i32.const 1)))))) (i32.const 58)) (i32.gt_s (local.get $rel) (i32.const 3)))
      (then
        (local.set $labelEnd (i32.sub (local.get $close) (i32.const 1)))
        (local.set $length (i32.add (local.get $rel) (i32.const 2))))
      (else
        (if (i32.and (i32.lt_s (i32.add (local.get $close) (i32.const 2)) (local.get $end))
              (i32.eq (call $at (i32.add (local.get $close) (i32.const 2))) (i32.const 58)))
          (then
            (local.set $labelEnd (local.get $close))
            (local.set $length (i32.add (local.get $rel) (i32.const 3))))
          (else (return (i32.const 0))))))
    (if (i32.lt_s (i32.add (local.get $start) (local.get $length)) (local.get $end))
      (then
        (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.add (local.get $start) (local.get $length)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.add (local.get $start) (local.get $length)))))))
        (if (i32.eqz (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
              (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))
          (then (return (i32.const 0))))))
    (local.set $from (i32.add (local.get $start) (i32.const 2)))
    (block $trimmedStart
      (loop $trimStart
        (br_if $trimmedStart (i32.ge_s (local.get $from) (local.get $labelEnd)))
        (br_if $trimmedStart (i32.eqz (call $ws (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $from) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $from))))))))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $trimStart)))
    (block $trimmedEnd
      (loop $trimEnd
        (br_if $trimmedEnd (i32.le_s (local.get $labelEnd) (local.get $from)))
        (br_if $trimmedEnd (i32.eqz (call $ws (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (local.get $labelEnd) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (local.get $labelEnd) (i32.const 1)))))))))
        (local.set $labelEnd (i32.sub (local.get $labelEnd) (i32.const 1)))
        (br $trimEnd)))
    (if (i32.eq (local.get $labelEnd) (local.get $from)) (then (return (i32.const 0))))
    (global.set $labelLength (local.get $length))
    (global.set $labelClose (local.get $rel))
    (global.set $labelFrom (local.get $from))
    (global.set $labelTo (local.get $labelEnd))
    (i32.const 1))

  ;; The parse's callback for one block (transcript.ts's visit), for the default speaker
  ;; labels: turns (7 i32: 1 a bold label read here, 2 a paragraph whose label the
  ;; JavaScript's speaker pattern decides; start; label end; end; label from, to;
  ;; paragraph end), markup, inline ranges, div units and the open divs.
  (func $visit (param $kind i32) (param $start i32) (param $end i32) (param $next i32) (param $cs i32)
      (param $level i32) (param $container i32) (param $from i32) (param $to i32) (param $attrEnd i32)
    (local $inline i32) (local $e i32) (local $i i32) (local $hasColon i32) (local $p i32) (local $ce i32)
    (local $dStart i32) (local $dNext i32) (local $dCs i32) (local $dFrom i32) (local $dTo i32) (local $dAttr i32)
    (local $as i32) (local $c i32)
    (if (i32.eq (local.get $kind) (i32.const 2))
      (then
        ;; A div opener: on the stack, 7 i32 each.
        (local.set $p (i32.add (i32.load (i32.const 496)) (i32.mul (global.get $divN) (i32.const 28))))
        (i32.store (local.get $p) (local.get $start))
        (i32.store offset=4 (local.get $p) (local.get $end))
        (i32.store offset=8 (local.get $p) (local.get $next))
        (i32.store offset=12 (local.get $p) (local.get $cs))
        (i32.store offset=16 (local.get $p) (local.get $from))
        (i32.store offset=20 (local.get $p) (local.get $to))
        (i32.store offset=24 (local.get $p) (local.get $attrEnd))
        (global.set $divN (i32.add (global.get $divN) (i32.const 1)))
        (return)))
    (if (i32.eq (local.get $kind) (i32.const 3))
      (then
        (if (i32.eqz (global.get $divN)) (then (return)))
        (global.set $divN (i32.sub (global.get $divN) (i32.const 1)))
        (local.set $p (i32.add (i32.load (i32.const 496)) (i32.mul (global.get $divN) (i32.const 28))))
        (local.set $dStart (i32.load (local.get $p)))
        (local.set $dNext (i32.load offset=8 (local.get $p)))
        (local.set $dCs (i32.load offset=12 (local.get $p)))
        (local.set $dFrom (i32.load offset=16 (local.get $p)))
        (local.set $dTo (i32.load offset=20 (local.get $p)))
        (local.set $dAttr (i32.load offset=24 (local.get $p)))
        (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (local.get $dStart)) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
        (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (local.get $dNext)) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
        (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (local.get $start)) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
        (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (local.get $next)) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
        (if (i32.eqz (call $formattingOnly (local.get $dFrom) (local.get $dTo)))
          (then
            (local.set $ce (local.get $start))
            (if (i32.and (i32.gt_s (local.get $ce) (local.get $dNext))
                  (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (local.get $ce) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (local.get $ce) (i32.const 1)))))) (i32.const 10)))
              (then (local.set $ce (i32.sub (local.get $ce) (i32.const 1)))))
            (if (i32.and (i32.gt_s (local.get $ce) (local.get $dNext))
                  (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (local.get $ce) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (local.get $ce) (i32.const 1)))))) (i32.const 13)))
              (then (local.set $ce (i32.sub (local.get $ce) (i32.const 1)))))
            ;; The attribute block itself: after the colons' spaces and tabs.
            (local.set $as (local.get $dCs))
            (block $spaced
              (loop $sp
                (local.set $c (call $at (local.get $as)))
                (br_if $spaced (i32.and (i32.ne (local.get $c) (i32.const 32)) (i32.ne (local.get $c) (i32.const 9))))
                (local.set $as (i32.add (local.get $as) (i32.const 1)))
                (br $sp)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (local.get $dStart)) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (local.get $end)) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (local.get $dNext)) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (select (local.get $ce) (local.get $dNext) (i32.gt_s (local.get $ce) (local.get $dNext)))) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (local.get $as)) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (local.get $dAttr)) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (i32.add (i32.load (i32.const 432)) (local.get $dFrom))) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (i32.add (i32.load (i32.const 432)) (local.get $dTo))) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))
            (i32.store (i32.add (i32.load (i32.const 480)) (i32.shl (i32.load (i32.const 504)) (i32.const 2))) (i32.const 1)) (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1)))))
        (return)))
    (if (i32.eqz (local.get $kind))
      (then
        (local.set $inline (local.get $start))
        (if (i32.eqz (local.get $container))
          (then
            ;; A speaker label: every default one ends with a colon in its first 45
            ;; characters (speakers.ts), of at most SPEAKER_PREFIX.
            (local.set $e (select (local.get $end) (i32.add (local.get $start) (i32.load (i32.const 524)))
              (i32.lt_s (local.get $end) (i32.add (local.get $start) (i32.load (i32.const 524))))))
            (local.set $i (local.get $start))
            (block $colonSeen
              (loop $colon
                (br_if $colonSeen (i32.ge_s (local.get $i) (select (local.get $e) (i32.add (local.get $start) (i32.const 46))
                  (i32.lt_s (local.get $e) (i32.add (local.get $start) (i32.const 46))))))
                (if (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))) (i32.const 58))
                  (then
                    (local.set $hasColon (i32.const 1))
                    (br $colonSeen)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $colon)))
            (if (local.get $hasColon)
              (then
                (if (call $boldLabel (local.get $start) (local.get $e))
                  (then
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (i32.const 1)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (local.get $start)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (i32.add (local.get $start) (global.get $labelLength))) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (local.get $end)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (global.get $labelFrom)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (global.get $labelTo)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (local.get $end)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (local.get $start)) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (i32.add (local.get $start) (i32.const 2))) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (i32.add (local.get $start) (global.get $labelClose))) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 484)) (i32.shl (i32.load (i32.const 508)) (i32.const 2))) (i32.add (i32.add (local.get $start) (global.get $labelClose)) (i32.const 2))) (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
                    (local.set $inline (i32.add (local.get $start) (global.get $labelLength))))
                  (else
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (i32.const 2)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (local.get $start)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (i32.const 0)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (local.get $end)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (i32.const 0)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (i32.const 0)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))
                    (i32.store (i32.add (i32.load (i32.const 488)) (i32.shl (i32.load (i32.const 512)) (i32.const 2))) (local.get $end)) (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (i32.const 1)))))))))
        (i32.store (i32.add (i32.load (i32.const 492)) (i32.shl (i32.load (i32.const 516)) (i32.const 2))) (local.get $inline)) (i32.store (i32.const 516) (i32.add (i32.load (i32.const 516)) (i32.const 1)))
        (i32.store (i32.add (i32.load (i32.const 492)) (i32.shl (i32.load (i32.const 516)) (i32.const 2))) (local.get $end)) (i32.store (i32.const 516) (i32.add (i32.load (i32.const 516)) (i32.const 1)))))
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then
        (i32.store (i32.add (i32.load (i32.const 492)) (i32.shl (i32.load (i32.const 516)) (i32.const 2))) (local.get $cs)) (i32.store (i32.const 516) (i32.add (i32.load (i32.const 516)) (i32.const 1)))
        (i32.store (i32.add (i32.load (i32.const 492)) (i32.shl (i32.load (i32.const 516)) (i32.const 2))) (local.get $end)) (i32.store (i32.const 516) (i32.add (i32.load (i32.const 516)) (i32.const 1)))))
    ;; The turn the block belongs to goes on to its end.
    (if (i32.load (i32.const 512))
      (then (i32.store offset=12 (i32.add (i32.load (i32.const 488)) (i32.shl (i32.sub (i32.load (i32.const 512)) (i32.const 7)) (i32.const 2)))
        (local.get $end)))))

  ;; The paragraph being extended ends here: its record, if there is one.
  (func $endPara
    (if (global.get $paraOpen)
      (then
        (call $visit (i32.const 0) (global.get $paraStart) (global.get $paraEnd) (global.get $paraNext)
          (global.get $paraStart) (i32.const 0) (global.get $paraContainer) (i32.const 0) (i32.const 0) (i32.const 0))
        (global.set $paraOpen (i32.const 0)))))

  ;; How many characters $c from $i on, before $end.
  (func $run (param $i i32) (param $end i32) (param $c i32) (result i32)
    (local $j i32)
    (local.set $j (local.get $i))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $j) (local.get $end)))
        (br_if $done (i32.ne (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $j) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $j))))) (local.get $c)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each)))
    (i32.sub (local.get $j) (local.get $i)))

  ;; blocks.ts's isListMarker: `-`, `*` or `+`, or up to nine digits and `.` or `)`, then
  ;; white space or the line's end.
  (func $listMarker (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $j i32) (local $n i32)
    (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))
    (if (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.or (i32.eq (local.get $c) (i32.const 42)) (i32.eq (local.get $c) (i32.const 43))))
      (then
        (if (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $end)) (then (return (i32.const 1))))
        (local.set $n (call $at (i32.add (local.get $i) (i32.const 1))))
        (return (i32.or (i32.eq (local.get $n) (i32.const 32)) (i32.eq (local.get $n) (i32.const 9))))))
    (local.set $j (local.get $i))
    (block $digits
      (loop $digit
        (br_if $digits (i32.ge_s (local.get $j) (local.get $end)))
        (br_if $digits (i32.ge_s (i32.sub (local.get $j) (local.get $i)) (i32.const 9)))
        (br_if $digits (i32.gt_u (i32.sub (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $j) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $j))))) (i32.const 48)) (i32.const 9)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $digit)))
    (if (i32.or (i32.eq (local.get $j) (local.get $i)) (i32.ge_s (local.get $j) (local.get $end))) (then (return (i32.const 0))))
    (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $j) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $j))))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 46)) (i32.ne (local.get $c) (i32.const 41))) (then (return (i32.const 0))))
    (if (i32.ge_s (i32.add (local.get $j) (i32.const 1)) (local.get $end)) (then (return (i32.const 1))))
    (local.set $n (call $at (i32.add (local.get $j) (i32.const 1))))
    (i32.or (i32.eq (local.get $n) (i32.const 32)) (i32.eq (local.get $n) (i32.const 9))))

  ;; Scans the blocks (see the header above): 1 done, 0 handed back.
  (func (export "blocks") (result i32)
    (local $len i32) (local $lines i32) (local $nl i32) (local $li i32) (local $lineStart i32) (local $next i32)
    (local $lineEnd i32) (local $first i32) (local $indent i32) (local $c i32) (local $n i32) (local $k i32)
    (local $afterBlank i32) (local $inList i32) (local $openDivs i32) (local $emitted i32) (local $rest i32)
    (local $end i32) (local $from i32) (local $r i32) (local $j i32) (local $cs i32) (local $list i32) (local $quote i32)
    (global.set $text (i32.load (i32.const 0)))
    (global.set $wide (i32.load (i32.const 8)))
    (global.set $itemN (i32.const 0))
    (global.set $paraOpen (i32.const 0))
    (global.set $divN (i32.const 0))
    (i32.store (i32.const 504) (i32.const 0))
    (i32.store (i32.const 508) (i32.const 0))
    (i32.store (i32.const 512) (i32.const 0))
    (i32.store (i32.const 516) (i32.const 0))
    (local.set $len (i32.load (i32.const 4)))
    (local.set $lines (i32.load (i32.const 460)))
    (local.set $nl (i32.load (i32.const 464)))
    (local.set $lineStart (i32.load (i32.const 456)))
    (local.set $afterBlank (i32.const 1))
    (block $scanned
      (loop $line
        (br_if $scanned (i32.ge_s (local.get $lineStart) (local.get $len)))
        ;; The next line's start, from the line index.
        (block $found
          (loop $seek
            (br_if $found (i32.ge_s (local.get $li) (local.get $nl)))
            (br_if $found (i32.gt_s (i32.load (i32.add (local.get $lines) (i32.shl (local.get $li) (i32.const 2))))
              (local.get $lineStart)))
            (local.set $li (i32.add (local.get $li) (i32.const 1)))
            (br $seek)))
        (local.set $next (select (i32.load (i32.add (local.get $lines) (i32.shl (local.get $li) (i32.const 2))))
          (local.get $len) (i32.lt_s (local.get $li) (local.get $nl))))
        ;; The line's end, before its break (LF, CR LF).
        (local.set $lineEnd (local.get $next))
        (if (i32.and (i32.gt_s (local.get $lineEnd) (local.get $lineStart))
              (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (local.get $lineEnd) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (local.get $lineEnd) (i32.const 1)))))) (i32.const 10)))
          (then (local.set $lineEnd (i32.sub (local.get $lineEnd) (i32.const 1)))))
        (if (i32.and (i32.gt_s (local.get $lineEnd) (local.get $lineStart))
              (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (i32.sub (local.get $lineEnd) (i32.const 1)) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (i32.sub (local.get $lineEnd) (i32.const 1)))))) (i32.const 13)))
          (then (local.set $lineEnd (i32.sub (local.get $lineEnd) (i32.const 1)))))
        ;; Its indentation, in columns (a tab to the next multiple of 4).
        (local.set $first (local.get $lineStart))
        (local.set $indent (i32.const 0))
        (block $indented
          (loop $space
            (br_if $indented (i32.ge_s (local.get $first) (local.get $lineEnd)))
            (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $first) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $first))))))
            (if (i32.eq (local.get $c) (i32.const 32))
              (then (local.set $indent (i32.add (local.get $indent) (i32.const 1))))
              (else
                (br_if $indented (i32.ne (local.get $c) (i32.const 9)))
                (local.set $indent (i32.add (local.get $indent) (i32.sub (i32.const 4) (i32.and (local.get $indent) (i32.const 3)))))))
            (local.set $first (i32.add (local.get $first) (i32.const 1)))
            (br $space)))
        (if (i32.ge_s (local.get $first) (local.get $lineEnd))
          (then
            (call $endPara)
            (local.set $afterBlank (i32.const 1))
            (local.set $lineStart (local.get $next))
            (br $line)))
        (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $first) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $first))))))
        ;; A code fence (``` or ~~~): fenced code is blocks.ts's to read.
        (if (i32.and (i32.lt_s (local.get $indent) (i32.const 4))
              (i32.or (i32.eq (local.get $c) (i32.const 96))
                (i32.and (i32.eq (local.get $c) (i32.const 126)) (i32.eqz (global.get $paraOpen)))))
          (then
            (if (i32.ge_s (call $run (local.get $first) (local.get $lineEnd) (local.get $c)) (i32.const 3))
              (then (return (i32.const 0))))))
        ;; Indented code: only after a blank line, and not as a list item's continuation.
        (if (i32.and (i32.and (i32.ge_s (local.get $indent) (i32.const 4)) (i32.eqz (global.get $paraOpen)))
              (i32.and (local.get $afterBlank) (i32.eqz (local.get $inList))))
          (then
            (call $endPara)
            (local.set $emitted (i32.add (local.get $emitted) (i32.const 1)))
            (call $visit (i32.const 4) (local.get $lineStart) (local.get $lineEnd) (local.get $next) (local.get $lineStart)
              (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
            (local.set $lineStart (local.get $next))
            (br $line)))
        ;; Div fences: at the very start of the line.
        (if (i32.and (i32.eq (local.get $c) (i32.const 58)) (i32.eq (local.get $first) (local.get $lineStart)))
          (then
            (local.set $n (call $run (local.get $first) (local.get $lineEnd) (i32.const 58)))
            (if (i32.ge_s (local.get $n) (i32.const 3))
              (then
                (local.set $rest (i32.add (local.get $first) (local.get $n)))
                ;; Blank after the colons (spaces, tabs, CR): a closer, when a div is open.
                (local.set $j (local.get $rest))
                (block $blankEnd
                  (loop $blank
                    (br_if $blankEnd (i32.ge_s (local.get $j) (local.get $lineEnd)))
                    (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $j) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $j))))))
                    (br_if $blankEnd (i32.and (i32.ne (local.get $c) (i32.const 32))
                      (i32.and (i32.ne (local.get $c) (i32.const 9)) (i32.ne (local.get $c) (i32.const 13)))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $blank)))
                (if (i32.ge_s (local.get $j) (local.get $lineEnd))
                  (then
                    (if (local.get $openDivs)
                      (then
                        (local.set $openDivs (i32.sub (local.get $openDivs) (i32.const 1)))
                        (call $endPara)
                        (local.set $emitted (i32.add (local.get $emitted) (i32.const 1)))
                        (call $visit (i32.const 3) (local.get $lineStart) (local.get $lineEnd) (local.get $next)
                          (local.get $lineStart) (local.get $n) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
                        (local.set $afterBlank (i32.const 1))
                        (local.set $lineStart (local.get $next))
                        (br $line))))
                  (else
                    (if (i32.eqz (global.get $paraOpen))
                      (then
                        ;; An opener: `{...}` or a bare class word, then optional colons.
                        (local.set $from (global.get $itemN))
                        (local.set $j (local.get $rest))
                        (block $skipped
                          (loop $skip
                            (br_if $skipped (i32.ge_s (local.get $j) (local.get $lineEnd)))
                            (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $j) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $j))))))
                            (br_if $skipped (i32.and (i32.ne (local.get $c) (i32.const 32)) (i32.ne (local.get $c) (i32.const 9))))
                            (local.set $j (i32.add (local.get $j) (i32.const 1)))
                            (br $skip)))
                        (local.set $end (i32.const -1))
                        (if (i32.eq (call $at (local.get $j)) (i32.const 123))
                          (then
                            (local.set $r (call $attrs (local.get $j) (local.get $lineEnd)))
                            ;; A broken attribute block is reported, with its reason, by blocks.ts.
                            (if (i32.lt_s (local.get $r) (i32.const 0)) (then (return (i32.const 0))))
                            (local.set $end (local.get $r)))
                          (else
                            (local.set $k (local.get $j))
                            (block $word
                              (loop $wordChar
                                (br_if $word (i32.ge_s (local.get $k) (local.get $lineEnd)))
                                (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $k) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $k))))))
                                (br_if $word (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9))))
                                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                                (br $wordChar)))
                            (if (i32.gt_s (local.get $k) (local.get $j))
                              (then
                                (call $item (i32.load (i32.const 88)) (local.get $j) (local.get $k) (i32.const 0) (i32.const 0) (i32.const 0))
                                (local.set $end (local.get $k))))))
                        (if (i32.ge_s (local.get $end) (i32.const 0))
                          (then
                            (local.set $k (local.get $end))
                            (block $colons
                              (loop $colon
                                (br_if $colons (i32.ge_s (local.get $k) (local.get $lineEnd)))
                                (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $k) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $k))))))
                                (br_if $colons (i32.and (i32.ne (local.get $c) (i32.const 32))
                                  (i32.and (i32.ne (local.get $c) (i32.const 9)) (i32.ne (local.get $c) (i32.const 58)))))
                                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                                (br $colon)))
                            (if (i32.ge_s (local.get $k) (local.get $lineEnd))
                              (then
                                (local.set $openDivs (i32.add (local.get $openDivs) (i32.const 1)))
                                (call $endPara)
                                (local.set $emitted (i32.add (local.get $emitted) (i32.const 1)))
                                (call $visit (i32.const 2) (local.get $lineStart) (local.get $lineEnd) (local.get $next)
                                  (local.get $rest) (local.get $n) (i32.const 0)
                                  (local.get $from) (global.get $itemN) (local.get $end))
                                (local.set $afterBlank (i32.const 1))
                                (local.set $lineStart (local.get $next))
                                (br $line)))))
                        ;; No opener: what it wrote is dropped.
                        (global.set $itemN (local.get $from))))))))))
        (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $first) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $first))))))
        (if (i32.and (i32.eqz (global.get $paraOpen)) (i32.lt_s (local.get $indent) (i32.const 4)))
          (then
            ;; An ATX heading, after a blank line or a block (or first).
            (if (i32.and (i32.eq (local.get $c) (i32.const 35)) (i32.or (local.get $afterBlank) (i32.eqz (local.get $emitted))))
              (then
                (local.set $n (call $run (local.get $first) (local.get $lineEnd) (i32.const 35)))
                (local.set $k (call $at (i32.add (local.get $first) (local.get $n))))
                (if (i32.and (i32.le_s (local.get $n) (i32.const 6))
                      (i32.or (i32.ge_s (i32.add (local.get $first) (local.get $n)) (local.get $lineEnd))
                        (i32.or (i32.eq (local.get $k) (i32.const 32)) (i32.eq (local.get $k) (i32.const 9)))))
                  (then
                    (local.set $cs (i32.add (local.get $first) (local.get $n)))
                    (block $spaced
                      (loop $sp
                        (br_if $spaced (i32.ge_s (local.get $cs) (local.get $lineEnd)))
                        (local.set $k (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $cs) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $cs))))))
                        (br_if $spaced (i32.and (i32.ne (local.get $k) (i32.const 32)) (i32.ne (local.get $k) (i32.const 9))))
                        (local.set $cs (i32.add (local.get $cs) (i32.const 1)))
                        (br $sp)))
                    (call $endPara)
                    (local.set $emitted (i32.add (local.get $emitted) (i32.const 1)))
                    (call $visit (i32.const 1) (local.get $lineStart) (local.get $lineEnd) (local.get $next) (local.get $cs)
                      (local.get $n) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
                    (local.set $afterBlank (i32.const 1))
                    (local.set $inList (i32.const 0))
                    (local.set $lineStart (local.get $next))
                    (br $line)))))
            ;; An HTML comment block is blocks.ts's to read.
            (if (i32.and (i32.eq (local.get $c) (i32.const 60))
                  (i32.and (i32.eq (call $at (i32.add (local.get $first) (i32.const 1))) (i32.const 33))
                    (i32.and (i32.eq (call $at (i32.add (local.get $first) (i32.const 2))) (i32.const 45))
                      (i32.eq (call $at (i32.add (local.get $first) (i32.const 3))) (i32.const 45)))))
              (then (return (i32.const 0))))))
        (local.set $list (i32.and (i32.lt_s (local.get $indent) (i32.const 4)) (call $listMarker (local.get $first) (local.get $lineEnd))))
        (local.set $quote (i32.and (i32.eq (local.get $c) (i32.const 62)) (i32.lt_s (local.get $indent) (i32.const 4))))
        (if (i32.and (global.get $paraOpen) (i32.eqz (i32.and (local.get $list) (global.get $paraContainer))))
          (then
            (global.set $paraEnd (local.get $lineEnd))
            (global.set $paraNext (local.get $next)))
          (else
            (if (local.get $list)
              (then (local.set $inList (i32.const 1)))
              (else
                (if (i32.and (i32.lt_s (local.get $indent) (i32.const 2)) (local.get $afterBlank))
                  (then (local.set $inList (i32.const 0))))))
            (call $endPara)
            (global.set $paraOpen (i32.const 1))
            (global.set $paraStart (local.get $lineStart))
            (global.set $paraEnd (local.get $lineEnd))
            (global.set $paraNext (local.get $next))
            (global.set $paraContainer (i32.or (local.get $list) (local.get $quote)))
            (local.set $emitted (i32.add (local.get $emitted) (i32.const 1)))))
        (local.set $afterBlank (i32.const 0))
        (local.set $lineStart (local.get $next))
        (br $line)))
    (call $endPara)
    (i32.store (i32.const 440) (global.get $itemN))
    ;; The divs never closed, outermost first: start and end of each opener's line.
    (i32.store (i32.const 520) (global.get $divN))
    (local.set $k (i32.const 0))
    (block $listed
      (loop $unclosed
        (br_if $listed (i32.ge_s (local.get $k) (global.get $divN)))
        (i32.store (i32.add (i32.load (i32.const 500)) (i32.shl (local.get $k) (i32.const 3)))
          (i32.load (i32.add (i32.load (i32.const 496)) (i32.mul (local.get $k) (i32.const 28)))))
        (i32.store offset=4 (i32.add (i32.load (i32.const 500)) (i32.shl (local.get $k) (i32.const 3)))
          (i32.load offset=4 (i32.add (i32.load (i32.const 496)) (i32.mul (local.get $k) (i32.const 28)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $unclosed)))
    (i32.const 1))

  ;; ---------------------------------------------------------------------------------
  ;; The line starts of the text (lineIndex.ts's LineIndex: a line ends at LF, CR LF or a
  ;; lone CR), written at $out from 0; returns how many. The text is then in place for
  ;; `blocks`, `spans` and `build`, which a parse runs next.
  (func (export "lines") (param $out i32) (result i32)
    (local $i i32) (local $n i32) (local $len i32) (local $c i32) (local $v v128) (local $bits i32)
    (global.set $text (i32.load (i32.const 0)))
    (global.set $wide (i32.load (i32.const 8)))
    (local.set $len (i32.load (i32.const 4)))
    (i32.store (local.get $out) (i32.const 0))
    (local.set $n (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $len)))
        ;; No CR or LF among the next sixteen characters (eight, two bytes each): past them.
        (if (global.get $wide)
          (then
            (if (i32.le_s (i32.add (local.get $i) (i32.const 8)) (local.get $len))
              (then
                (local.set $v (v128.load (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1)))))
                (local.set $bits (i16x8.bitmask (v128.or
                  (i16x8.eq (local.get $v) (v128.const i16x8 10 10 10 10 10 10 10 10))
                  (i16x8.eq (local.get $v) (v128.const i16x8 13 13 13 13 13 13 13 13)))))
                (if (i32.eqz (local.get $bits))
                  (then
                    (local.set $i (i32.add (local.get $i) (i32.const 8)))
                    (br $next)))
                (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $bits)))))))
          (else
            (if (i32.le_s (i32.add (local.get $i) (i32.const 16)) (local.get $len))
              (then
                (local.set $v (v128.load (i32.add (global.get $text) (local.get $i))))
                (local.set $bits (i8x16.bitmask (v128.or
                  (i8x16.eq (local.get $v) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))
                  (i8x16.eq (local.get $v) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13)))))
                (if (i32.eqz (local.get $bits))
                  (then
                    (local.set $i (i32.add (local.get $i) (i32.const 16)))
                    (br $next)))
                (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $bits))))))))
        (local.set $c (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.eq (local.get $c) (i32.const 13))
          (then
            (if (i32.lt_s (local.get $i) (local.get $len))
              (then
                (if (i32.eq (if (result i32) (global.get $wide) (then (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1))))) (else (i32.load8_u (i32.add (global.get $text) (local.get $i))))) (i32.const 10)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))))))
        (if (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $i))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (br $next)))
    (local.get $n))
)
