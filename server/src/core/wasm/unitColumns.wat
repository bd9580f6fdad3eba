;; The second half of a transcript's parse (core/transcript.ts), in WebAssembly: from the
;; block and inline scans' flat lists (unit records, attribute items, markup ranges, turns)
;; to the plain text's segments and the unit columns (core/unitTable.ts). In JavaScript
;; this per-unit loop runs in V8's interpreter and baseline tiers for the first fifty
;; files of a cold `check`, and its optimizing compile is one of the largest in the run;
;; this module is compiled before its first call (docs/performance.md, "The unit columns
;; in WebAssembly").
;;
;; Assembled into unitColumnsWasm.ts by scripts/buildWasm.mjs; hosted by
;; core/wasmColumns.ts. It gives the answers of transcript.ts's JavaScript (sortedUnits,
;; buildPlainText, addUnits), which test/unit/wasmColumns.test.ts compares with it. Where
;; that JavaScript would leave its linear fast paths (units or markup ranges too far out
;; of order: deeply nested hostile files), `build` returns 0 and the JavaScript does it all.
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
;;   [20] the deepest nesting read; [21] to [23] ItemKind's Id, Class and Pair
;;   [25] to [30], written here: segment i32s, units, references, ATTR i32s, problems, names
;;   [32] Pandoc's own classes: a count, then 32 bytes each (length, up to 14 UTF-16 units)
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

  ;; sortedUnits's order: unit $a before unit $b (by start, the longer first).
  (func $before (param $raw i32) (param $a i32) (param $b i32) (result i32)
    (local $pa i32) (local $pb i32) (local $sa i32) (local $sb i32)
    (local.set $pa (i32.add (local.get $raw) (i32.mul (local.get $a) (i32.const 36))))
    (local.set $pb (i32.add (local.get $raw) (i32.mul (local.get $b) (i32.const 36))))
    (local.set $sa (i32.load (local.get $pa)))
    (local.set $sb (i32.load (local.get $pb)))
    (i32.or
      (i32.lt_s (local.get $sa) (local.get $sb))
      (i32.and
        (i32.eq (local.get $sa) (local.get $sb))
        (i32.gt_s (i32.load offset=4 (local.get $pa)) (i32.load offset=4 (local.get $pb))))))

  ;; sortedUnits's insertion sort into $order; 0 when it has moved units more than 8 places
  ;; each on average (the JavaScript then orders them another way).
  (func $sortUnits (param $raw i32) (param $n i32) (param $order i32) (result i32)
    (local $k i32) (local $i i32) (local $j i32) (local $u i32) (local $budget i32)
    (local.set $k (i32.const 0))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_s (local.get $k) (local.get $n)))
        (i32.store (i32.add (local.get $order) (i32.shl (local.get $k) (i32.const 2))) (local.get $k))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $fill)))
    (local.set $budget (i32.mul (local.get $n) (i32.const 8)))
    (local.set $i (i32.const 1))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $u (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.sub (local.get $i) (i32.const 1)))
        (if (call $before (local.get $raw) (local.get $u)
              (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))
          (then
            (loop $move
              (i32.store (i32.add (local.get $order) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))
                (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))
              (local.set $j (i32.sub (local.get $j) (i32.const 1)))
              (local.set $budget (i32.sub (local.get $budget) (i32.const 1)))
              (if (i32.ge_s (local.get $j) (i32.const 0))
                (then
                  (br_if $move (call $before (local.get $raw) (local.get $u)
                    (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))))))
            (i32.store (i32.add (local.get $order) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))
              (local.get $u))
            (if (i32.lt_s (local.get $budget) (i32.const 0)) (then (return (i32.const 0))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.const 1))

  ;; plainText.ts's sortPairs: [start, end] pairs by start, the longer first, in place; 0
  ;; when out of its budget of moves (the JavaScript then reads them by coverage).
  (func $sortPairs (param $a i32) (param $m i32) (result i32)
    (local $i i32) (local $j i32) (local $s i32) (local $e i32) (local $budget i32) (local $p i32)
    (local.set $budget (i32.add (i32.shl (local.get $m) (i32.const 1)) (i32.const 64)))
    (local.set $i (i32.const 2))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $s (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $e (i32.load offset=4 (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.sub (local.get $i) (i32.const 2)))
        (block $placed
          (loop $move
            (br_if $placed (i32.lt_s (local.get $j) (i32.const 0)))
            (local.set $p (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
            (br_if $placed
              (i32.eqz
                (i32.or
                  (i32.gt_s (i32.load (local.get $p)) (local.get $s))
                  (i32.and
                    (i32.eq (i32.load (local.get $p)) (local.get $s))
                    (i32.lt_s (i32.load offset=4 (local.get $p)) (local.get $e))))))
            (i32.store offset=8 (local.get $p) (i32.load (local.get $p)))
            (i32.store offset=12 (local.get $p) (i32.load offset=4 (local.get $p)))
            (local.set $j (i32.sub (local.get $j) (i32.const 2)))
            (local.set $budget (i32.sub (local.get $budget) (i32.const 1)))
            (br_if $move (i32.ne (local.get $budget) (i32.const 0)))))
        (local.set $p (i32.add (local.get $a) (i32.shl (i32.add (local.get $j) (i32.const 2)) (i32.const 2))))
        (i32.store (local.get $p) (local.get $s))
        (i32.store offset=4 (local.get $p) (local.get $e))
        (if (i32.eqz (local.get $budget)) (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $each)))
    (i32.const 1))

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
    (local.set $c (call $ch (local.get $s)))
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
            (br_if $differ (i32.ne (call $ch (i32.add (local.get $s) (local.get $i)))
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
    (if (i32.eqz (call $sortUnits (local.get $raw) (local.get $n) (local.get $order))) (then (return (i32.const 0))))
    (if (i32.eqz (call $sortPairs (i32.load (i32.const 24)) (i32.load (i32.const 28)))) (then (return (i32.const 0))))
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
    (i32.const 1)))
