;; The inner loops of the golden-quote search on words (fileWords.ts, wordSearch.ts), in
;; WebAssembly: V8 compiles a module to machine code before its first call, so the first
;; files of a cold `condense check` run at full speed instead of in the interpreter while
;; the JIT warms up, and the JIT's one background thread has these loops less to compile
;; while it compiles the parser (docs/performance.md).
;;
;; Assembled into wordSearchWasm.ts by scripts/buildWasm.mjs; test/unit/wasmWords.test.ts
;; checks that the two agree. Each function does exactly what the JavaScript it replaced
;; did, which the tests compare with the definitions (quotes.ts) on random studies.
;;
;; Memory, all laid out by wasmWords.ts:
;;   [0, 131072)  the table: one i16 per UTF-16 code unit, its lower case where it is part
;;                of a word, 0 where it separates words, -1 off the Latin path (U+0300 on, İ)
;;   vocabulary   slots (i32, word number + 1 or 0), and per word its FNV-1a hash, the
;;                address of its UTF-16 characters and their number
;;   per file     the source text (UTF-16), the plain segments (i32 triples: source start,
;;                plain start, length), the ranges (i32 pairs), the three word columns,
;;                the units' records, and what scoring a quote needs (see score)
(module
  ;; The rare cases the caller answers (wasmWords.ts): the vocabulary number of a word cut by
  ;; a unit's range (plain [from, to)), and whether a unit that holds every interior word of
  ;; quote number qi holds the quote (qi, k).
  (import "search" "piece" (func $piece (param i32 i32) (result i32)))
  (import "search" "holds" (func $holds (param i32 i32) (result i32)))
  (memory (export "memory") 4)
  ;; How many words readWords left for the caller to look up: they cross markup (-2 in ids).
  (global $across (export "across") (mut i32) (i32.const 0))
  ;; What score found besides the closest unit: its score, and how many units matched.
  (global $best (export "best") (mut f64) (f64.const 0))
  (global $matchCount (export "matchCount") (mut i32) (i32.const 0))
  ;; The last stamp scoreAll gave a unit (see score's $stamp): the caller starts the next
  ;; call from it, so that the stamps need no clearing between quotes or files.
  (global $lastStamp (export "lastStamp") (mut i32) (i32.const 0))
  ;; The number of the vocabulary word with hash $h whose characters are the lower case of
  ;; text [from, from + length), or -1 (as QuoteVocabulary.find did).
  (func $find (param $h i32) (param $text i32) (param $from i32) (param $length i32)
              (param $slots i32) (param $mask i32) (param $hashes i32) (param $wordOff i32) (param $wordLen i32)
              (result i32)
    (local $s i32) (local $id i32) (local $j i32) (local $w i32) (local $p i32)
    (local.set $s (i32.and (local.get $h) (local.get $mask)))
    (block $miss
      (loop $probe
        (local.set $id (i32.load (i32.add (local.get $slots) (i32.shl (local.get $s) (i32.const 2)))))
        (br_if $miss (i32.eqz (local.get $id)))
        (local.set $id (i32.sub (local.get $id) (i32.const 1)))
        (if (i32.and
              (i32.eq (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $id) (i32.const 2)))) (local.get $h))
              (i32.eq (i32.load (i32.add (local.get $wordLen) (i32.shl (local.get $id) (i32.const 2)))) (local.get $length)))
          (then
            (local.set $w (i32.load (i32.add (local.get $wordOff) (i32.shl (local.get $id) (i32.const 2)))))
            (local.set $p (i32.add (local.get $text) (i32.shl (local.get $from) (i32.const 1))))
            (local.set $j (i32.const 0))
            (block $differ
              (loop $cmp
                (if (i32.ge_s (local.get $j) (local.get $length)) (then (return (local.get $id))))
                (br_if $differ
                  (i32.ne
                    (i32.load16_s (i32.shl (i32.load16_u (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 1)))) (i32.const 1)))
                    (i32.load16_u (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 1))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $cmp)))))
        (local.set $s (i32.and (i32.add (local.get $s) (i32.const 1)) (local.get $mask)))
        (br $probe)))
    (i32.const -1))

  ;; Reads the words of the ranges into the columns (starts and ends in the plain text,
  ;; vocabulary numbers or -1, or -2 for a vocabulary word's hash across markup, which the
  ;; caller looks up); returns how many, or -1 when a character in a range is off the
  ;; Latin path. Mirrors fileWords.ts's description of a range and its segments.
  (func (export "readWords")
    (param $text i32) (param $seg i32) (param $segLen i32) (param $ranges i32) (param $rangesLen i32)
    (param $starts i32) (param $ends i32) (param $ids i32)
    (param $slots i32) (param $mask i32) (param $hashes i32) (param $wordOff i32) (param $wordLen i32)
    (result i32)
    (local $n i32) (local $k i32) (local $r i32) (local $rangeStart i32) (local $rangeEnd i32)
    (local $inWord i32) (local $h i32) (local $wordPlain i32) (local $wordSource i32) (local $wordSeg i32)
    (local $segPlain i32) (local $shift i32) (local $segEnd i32) (local $to i32) (local $last i32)
    (local $i i32) (local $lower i32) (local $id i32) (local $end i32)
    (global.set $across (i32.const 0))
    (block $done
      (loop $rangesLoop
        (br_if $done (i32.ge_s (local.get $r) (local.get $rangesLen)))
        (local.set $rangeStart (i32.load (i32.add (local.get $ranges) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $rangeEnd (i32.load (i32.add (local.get $ranges) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (block $found
          (loop $step
            (br_if $found (i32.ge_s (i32.add (local.get $k) (i32.const 3)) (local.get $segLen)))
            (br_if $found (i32.gt_s
              (i32.load (i32.add (local.get $seg) (i32.shl (i32.add (local.get $k) (i32.const 4)) (i32.const 2))))
              (local.get $rangeStart)))
            (local.set $k (i32.add (local.get $k) (i32.const 3)))
            (br $step)))
        (local.set $inWord (i32.const 0))
        (block $segsDone
          (loop $segs
            (local.set $segPlain (i32.load (i32.add (local.get $seg) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2)))))
            (local.set $shift (i32.sub (local.get $segPlain) (i32.load (i32.add (local.get $seg) (i32.shl (local.get $k) (i32.const 2))))))
            (local.set $segEnd (i32.add (local.get $segPlain)
              (i32.load (i32.add (local.get $seg) (i32.shl (i32.add (local.get $k) (i32.const 2)) (i32.const 2))))))
            (local.set $to (i32.sub
              (select (local.get $segEnd) (local.get $rangeEnd) (i32.lt_s (local.get $segEnd) (local.get $rangeEnd)))
              (local.get $shift)))
            (local.set $last (i32.or
              (i32.ge_s (local.get $segEnd) (local.get $rangeEnd))
              (i32.ge_s (i32.add (local.get $k) (i32.const 3)) (local.get $segLen))))
            (local.set $i (i32.sub
              (select (local.get $rangeStart) (local.get $segPlain) (i32.gt_s (local.get $rangeStart) (local.get $segPlain)))
              (local.get $shift)))
            (block $charsDone
              (loop $chars
                (br_if $charsDone (i32.ge_s (local.get $i) (local.get $to)))
                (local.set $lower (i32.load16_s (i32.shl (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 1))))
                (if (i32.eqz (local.get $inWord))
                  (then
                    (block $sepDone
                      (loop $sep
                        (br_if $sepDone (local.get $lower))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $sepDone (i32.ge_s (local.get $i) (local.get $to)))
                        (local.set $lower (i32.load16_s (i32.shl (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 1))))
                        (br $sep)))
                    (br_if $charsDone (i32.eq (local.get $i) (local.get $to)))
                    (if (i32.lt_s (local.get $lower) (i32.const 0)) (then (return (i32.const -1))))
                    (local.set $inWord (i32.const 1))
                    (local.set $h (i32.const 0x811c9dc5))
                    (local.set $wordPlain (i32.add (local.get $i) (local.get $shift)))
                    (local.set $wordSource (local.get $i))
                    (local.set $wordSeg (local.get $k))))
                (block $wordDone
                  (loop $word
                    (br_if $wordDone (i32.le_s (local.get $lower) (i32.const 0)))
                    (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $lower)) (i32.const 0x01000193)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $wordDone (i32.eq (local.get $i) (local.get $to)))
                    (local.set $lower (i32.load16_s (i32.shl (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 1))))
                    (br $word)))
                (if (i32.eq (local.get $i) (local.get $to))
                  (then (br_if $charsDone (i32.eqz (local.get $last))))
                  (else (if (i32.lt_s (local.get $lower) (i32.const 0)) (then (return (i32.const -1))))))
                (local.set $inWord (i32.const 0))
                (local.set $end (i32.add (local.get $i) (local.get $shift)))
                (i32.store (i32.add (local.get $starts) (i32.shl (local.get $n) (i32.const 2))) (local.get $wordPlain))
                (i32.store (i32.add (local.get $ends) (i32.shl (local.get $n) (i32.const 2))) (local.get $end))
                (local.set $id (i32.const -1))
                (if (i32.load (i32.add (local.get $slots) (i32.shl (i32.and (local.get $h) (local.get $mask)) (i32.const 2))))
                  (then
                    (local.set $id
                      (if (result i32)
                        (i32.le_s
                          (i32.add (local.get $wordSource) (i32.sub (local.get $end) (local.get $wordPlain)))
                          (i32.add
                            (i32.load (i32.add (local.get $seg) (i32.shl (local.get $wordSeg) (i32.const 2))))
                            (i32.load (i32.add (local.get $seg) (i32.shl (i32.add (local.get $wordSeg) (i32.const 2)) (i32.const 2))))))
                        (then (call $find (local.get $h) (local.get $text) (local.get $wordSource)
                          (i32.sub (local.get $end) (local.get $wordPlain))
                          (local.get $slots) (local.get $mask) (local.get $hashes) (local.get $wordOff) (local.get $wordLen)))
                        (else
                          (global.set $across (i32.add (global.get $across) (i32.const 1)))
                          (i32.const -2))))))
                (i32.store (i32.add (local.get $ids) (i32.shl (local.get $n) (i32.const 2))) (local.get $id))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $chars)))
            (br_if $segsDone (local.get $last))
            (local.set $k (i32.add (local.get $k) (i32.const 3)))
            (br $segs)))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $rangesLoop)))
    (local.get $n))

  ;; Marks the $total units listed at $cands (1 at $marked + k), the rest 0: the candidate
  ;; units of any quote.
  (func (export "mark") (param $cands i32) (param $total i32) (param $marked i32) (param $count i32)
    (local $i i32)
    (memory.fill (local.get $marked) (i32.const 0) (local.get $count))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $total)))
        (i32.store8
          (i32.add (local.get $marked) (i32.load (i32.add (local.get $cands) (i32.shl (local.get $i) (i32.const 2)))))
          (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))

  ;; The plain-text ranges of the marked units, merged where they meet or overlap, in
  ;; order, as [start, end) pairs at $out; returns how many numbers, or -1 when the marked
  ;; units are not in order of their plain starts (the parse always puts them so; then
  ;; rangesByCover does it). A unit with no text adds none.
  (func (export "ranges")
    (param $data i32) (param $stride i32) (param $offStart i32) (param $offEnd i32) (param $count i32)
    (param $marked i32) (param $out i32) (result i32)
    (local $k i32) (local $n i32) (local $s i32) (local $e i32) (local $last i32) (local $rec i32) (local $p i32)
    (local.set $last (i32.const -1))
    (block $done
      (loop $units
        (br_if $done (i32.ge_s (local.get $k) (local.get $count)))
        (if (i32.load8_u (i32.add (local.get $marked) (local.get $k)))
          (then
            (local.set $rec (i32.add (local.get $data) (i32.shl (i32.mul (local.get $k) (local.get $stride)) (i32.const 2))))
            (local.set $s (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offStart) (i32.const 2)))))
            (local.set $e (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offEnd) (i32.const 2)))))
            (if (i32.lt_s (local.get $s) (local.get $last)) (then (return (i32.const -1))))
            (local.set $last (local.get $s))
            (if (i32.gt_s (local.get $e) (local.get $s))
              (then
                (local.set $p (i32.add (local.get $out) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2))))
                (if (i32.and (i32.gt_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $s) (i32.load (local.get $p))))
                  (then
                    (if (i32.gt_s (local.get $e) (i32.load (local.get $p))) (then (i32.store (local.get $p) (local.get $e)))))
                  (else
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $s))
                    (i32.store (i32.add (local.get $out) (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 2))) (local.get $e))
                    (local.set $n (i32.add (local.get $n) (i32.const 2)))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $units)))
    (local.get $n))

  ;; The ranges of ranges (same answer), in any order of units: +1 at each marked unit's
  ;; start and -1 at its end in $cover ($plainLength + 1 i32, zeroed here), then the runs
  ;; where the sum is above 0. Linear in the units and the plain text.
  (func (export "rangesByCover")
    (param $data i32) (param $stride i32) (param $offStart i32) (param $offEnd i32) (param $count i32)
    (param $marked i32) (param $out i32) (param $cover i32) (param $plainLength i32) (result i32)
    (local $k i32) (local $n i32) (local $s i32) (local $e i32) (local $rec i32) (local $p i32) (local $depth i32) (local $was i32)
    (memory.fill (local.get $cover) (i32.const 0) (i32.shl (i32.add (local.get $plainLength) (i32.const 1)) (i32.const 2)))
    (block $done
      (loop $units
        (br_if $done (i32.ge_s (local.get $k) (local.get $count)))
        (if (i32.load8_u (i32.add (local.get $marked) (local.get $k)))
          (then
            (local.set $rec (i32.add (local.get $data) (i32.shl (i32.mul (local.get $k) (local.get $stride)) (i32.const 2))))
            (local.set $s (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offStart) (i32.const 2)))))
            (local.set $e (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offEnd) (i32.const 2)))))
            (if (i32.gt_s (local.get $e) (local.get $s))
              (then
                (local.set $p (i32.add (local.get $cover) (i32.shl (local.get $s) (i32.const 2))))
                (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
                (local.set $p (i32.add (local.get $cover) (i32.shl (local.get $e) (i32.const 2))))
                (i32.store (local.get $p) (i32.sub (i32.load (local.get $p)) (i32.const 1)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $units)))
    (local.set $k (i32.const 0))
    (block $swept
      (loop $sweep
        (br_if $swept (i32.gt_s (local.get $k) (local.get $plainLength)))
        (local.set $was (local.get $depth))
        (local.set $depth (i32.add (local.get $depth) (i32.load (i32.add (local.get $cover) (i32.shl (local.get $k) (i32.const 2))))))
        (if (i32.and (i32.eqz (local.get $was)) (i32.gt_s (local.get $depth) (i32.const 0)))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $k))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (if (i32.and (i32.gt_s (local.get $was) (i32.const 0)) (i32.eqz (local.get $depth)))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $k))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $sweep)))
    (local.get $n))

  ;; Each marked unit's words, [from[k], to[k]) of the file's words (wordSearch.ts had it
  ;; as unitWords): units come in order of their starts, so the first word steps forward
  ;; (else it is searched for); a short unit's last word is stepped to, a long one's
  ;; searched for. $data holds the units' records ($stride i32 each), plain start and end
  ;; at $offStart and $offEnd.
  (func (export "spans")
    (param $data i32) (param $stride i32) (param $offStart i32) (param $offEnd i32) (param $count i32)
    (param $marked i32) (param $starts i32) (param $ends i32) (param $n i32) (param $from i32) (param $to i32)
    (local $k i32) (local $p i32) (local $last i32) (local $s i32) (local $e i32) (local $q i32)
    (local $rec i32) (local $lo i32) (local $hi i32) (local $mid i32)
    (block $done
      (loop $units
        (br_if $done (i32.ge_s (local.get $k) (local.get $count)))
        (if (i32.load8_u (i32.add (local.get $marked) (local.get $k)))
          (then
            (local.set $rec (i32.add (local.get $data) (i32.shl (i32.mul (local.get $k) (local.get $stride)) (i32.const 2))))
            (local.set $s (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offStart) (i32.const 2)))))
            (local.set $e (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offEnd) (i32.const 2)))))
            (if (i32.lt_s (local.get $s) (local.get $last))
              (then
                ;; The first word that ends after s.
                (local.set $lo (i32.const 0))
                (local.set $hi (local.get $n))
                (block $b1 (loop $l1
                  (br_if $b1 (i32.ge_s (local.get $lo) (local.get $hi)))
                  (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
                  (if (i32.le_s (i32.load (i32.add (local.get $ends) (i32.shl (local.get $mid) (i32.const 2)))) (local.get $s))
                    (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
                    (else (local.set $hi (local.get $mid))))
                  (br $l1)))
                (local.set $p (local.get $lo))))
            (block $b2 (loop $l2
              (br_if $b2 (i32.ge_s (local.get $p) (local.get $n)))
              (br_if $b2 (i32.gt_s (i32.load (i32.add (local.get $ends) (i32.shl (local.get $p) (i32.const 2)))) (local.get $s)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $l2)))
            (local.set $last (local.get $s))
            (i32.store (i32.add (local.get $from) (i32.shl (local.get $k) (i32.const 2))) (local.get $p))
            (local.set $q (local.get $p))
            (block $b3 (loop $l3
              (br_if $b3 (i32.ge_s (local.get $q) (local.get $n)))
              (br_if $b3 (i32.ge_s (local.get $q) (i32.add (local.get $p) (i32.const 32))))
              (br_if $b3 (i32.ge_s (i32.load (i32.add (local.get $starts) (i32.shl (local.get $q) (i32.const 2)))) (local.get $e)))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $l3)))
            (if (i32.ge_s (local.get $s) (local.get $e))
              (then (local.set $q (local.get $p)))
              (else
                (if (i32.eq (local.get $q) (i32.add (local.get $p) (i32.const 32)))
                  (then
                    ;; The first word from q on that starts at or after e.
                    (local.set $lo (local.get $q))
                    (local.set $hi (local.get $n))
                    (block $b4 (loop $l4
                      (br_if $b4 (i32.ge_s (local.get $lo) (local.get $hi)))
                      (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
                      (if (i32.lt_s (i32.load (i32.add (local.get $starts) (i32.shl (local.get $mid) (i32.const 2)))) (local.get $e))
                        (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
                        (else (local.set $hi (local.get $mid))))
                      (br $l4)))
                    (local.set $q (local.get $lo))))))
            (i32.store (i32.add (local.get $to) (i32.shl (local.get $k) (i32.const 2))) (local.get $q))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $units))))

  ;; The mask of the interior words ($intLen vocabulary numbers at $intAt; bit b for the
  ;; b-th) that occur among the words [from, to), each found by binary search in its
  ;; postings ($postOff: per vocabulary number, where its word indices start in $postAt):
  ;; a long unit costs a few steps per interior word, however many words it has (deeply
  ;; nested units each hold the text of those inside them).
  (func $holding (param $intAt i32) (param $intLen i32) (param $from i32) (param $to i32)
                 (param $postOff i32) (param $postAt i32) (result i32)
    (local $seen i32) (local $b i32) (local $id i32) (local $lo i32) (local $hi i32) (local $end i32) (local $mid i32)
    (block $done
      (loop $interior
        (br_if $done (i32.ge_s (local.get $b) (local.get $intLen)))
        (local.set $id (i32.load (i32.add (local.get $intAt) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $lo (i32.load (i32.add (local.get $postOff) (i32.shl (local.get $id) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $postOff) (i32.shl (i32.add (local.get $id) (i32.const 1)) (i32.const 2)))))
        (local.set $hi (local.get $end))
        (block $found
          (loop $search
            (br_if $found (i32.ge_s (local.get $lo) (local.get $hi)))
            (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
            (if (i32.lt_s (i32.load (i32.add (local.get $postAt) (i32.shl (local.get $mid) (i32.const 2)))) (local.get $from))
              (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
              (else (local.set $hi (local.get $mid))))
            (br $search)))
        (if (i32.and
              (i32.lt_s (local.get $lo) (local.get $end))
              (i32.lt_s (i32.load (i32.add (local.get $postAt) (i32.shl (local.get $lo) (i32.const 2)))) (local.get $to)))
          (then (local.set $seen (i32.or (local.get $seen) (i32.shl (i32.const 1) (local.get $b))))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $interior)))
    (local.get $seen))

  ;; One quote (number $qi) in one file (wordSearch.ts): each of the $nc candidate units in $cands is
  ;; scored on its words by word-bigram Dice, as QuoteWords scores its text, and, when
  ;; $hasInterior, a unit that holds all interior words ($all: the mask of their bits) and
  ;; the quote ($holds) is a match, written to $matches. Returns the closest unit (the
  ;; first of the best scores above $floor, while nothing matches), or -1; $best holds its
  ;; score and $matchCount the matches. $local maps a vocabulary number to the quote's
  ;; number of that word plus one, $bits to its interior bit; $inA counts the quote's grams
  ;; (x * $width + y for words x then y, y = $q for the last word alone); $seen and $stamp
  ;; count a unit's grams, valid where the stamp is the unit's: each unit scored takes the
  ;; next stamp after $unit (the last is left in $lastStamp), so stamps only grow and the
  ;; arrays are never cleared between units, quotes or files (the caller clears them when
  ;; it loads a plan, and before the stamps would run out).
  (func $score (param $qi i32)
    (param $cands i32) (param $nc i32) (param $data i32) (param $stride i32) (param $offStart i32) (param $offEnd i32)
    (param $from i32) (param $to i32) (param $starts i32) (param $ends i32) (param $ids i32)
    (param $local i32) (param $bits i32) (param $inA i32) (param $seen i32) (param $stamp i32)
    (param $q i32) (param $width i32) (param $na i32) (param $hasInterior i32) (param $all i32) (param $floor f64)
    (param $matches i32) (param $intAt i32) (param $intLen i32) (param $postOff i32) (param $postAt i32)
    (param $unit i32)
    (result i32)
    (local $c i32) (local $k i32) (local $f i32) (local $t i32) (local $s i32) (local $e i32) (local $rec i32)
    (local $nb i32) (local $score f64) (local $seenBits i32) (local $common i32) (local $prev i32)
    (local $i i32) (local $id i32) (local $cur i32) (local $g i32) (local $ga i32) (local $gs i32) (local $closest i32)
    (local $best f64) (local $found i32) (local $x i32) (local $y i32)
    (local.set $best (local.get $floor))
    (local.set $closest (i32.const -1))
    (block $done
      (loop $cand
        (br_if $done (i32.ge_s (local.get $c) (local.get $nc)))
        (local.set $k (i32.load (i32.add (local.get $cands) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (local.set $f (i32.load (i32.add (local.get $from) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $t (i32.load (i32.add (local.get $to) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $rec (i32.add (local.get $data) (i32.shl (i32.mul (local.get $k) (local.get $stride)) (i32.const 2))))
        (local.set $s (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offStart) (i32.const 2)))))
        (local.set $e (i32.load (i32.add (local.get $rec) (i32.shl (local.get $offEnd) (i32.const 2)))))
        (local.set $nb (i32.sub (local.get $t) (local.get $f)))
        (if (f64.ge (f64.convert_i32_s (local.get $nb))
              (f64.ceil (f64.div
                (f64.mul (f64.convert_i32_s (local.get $na)) (f64.sub (f64.const 2) (local.get $best)))
                (local.get $best))))
          (then (local.set $score (f64.const -1)))
          (else
            (local.set $unit (i32.add (local.get $unit) (i32.const 1)))
            (local.set $seenBits (i32.const 0))
            (local.set $common (i32.const 0))
            (local.set $prev (i32.const -1))
            (local.set $i (local.get $f))
            (block $wordsDone
              (loop $words
                (br_if $wordsDone (i32.ge_s (local.get $i) (local.get $t)))
                (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $x (i32.load (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $y (i32.load (i32.add (local.get $ends) (i32.shl (local.get $i) (i32.const 2)))))
                (if (i32.or
                      (i32.and (i32.eq (local.get $i) (local.get $f)) (i32.lt_s (local.get $x) (local.get $s)))
                      (i32.and (i32.eq (local.get $i) (i32.sub (local.get $t) (i32.const 1))) (i32.gt_s (local.get $y) (local.get $e))))
                  (then
                    (local.set $id (call $piece
                      (select (local.get $s) (local.get $x) (i32.gt_s (local.get $s) (local.get $x)))
                      (select (local.get $e) (local.get $y) (i32.lt_s (local.get $e) (local.get $y)))))))
                (local.set $cur (i32.const -1))
                (if (i32.ge_s (local.get $id) (i32.const 0))
                  (then
                    (local.set $seenBits (i32.or (local.get $seenBits)
                      (i32.load (i32.add (local.get $bits) (i32.shl (local.get $id) (i32.const 2))))))
                    (local.set $cur (i32.sub
                      (i32.load (i32.add (local.get $local) (i32.shl (local.get $id) (i32.const 2))))
                      (i32.const 1)))))
                (if (i32.and (i32.ge_s (local.get $prev) (i32.const 0)) (i32.ge_s (local.get $cur) (i32.const 0)))
                  (then
                    (local.set $g (i32.add (i32.mul (local.get $prev) (local.get $width)) (local.get $cur)))
                    (local.set $ga (i32.load (i32.add (local.get $inA) (i32.shl (local.get $g) (i32.const 2)))))
                (if (local.get $ga)
                  (then
                    (if (i32.ne (i32.load (i32.add (local.get $stamp) (i32.shl (local.get $g) (i32.const 2)))) (local.get $unit))
                      (then
                        (i32.store (i32.add (local.get $stamp) (i32.shl (local.get $g) (i32.const 2))) (local.get $unit))
                        (i32.store (i32.add (local.get $seen) (i32.shl (local.get $g) (i32.const 2))) (i32.const 0))))
                    (local.set $gs (i32.add (i32.load (i32.add (local.get $seen) (i32.shl (local.get $g) (i32.const 2)))) (i32.const 1)))
                    (i32.store (i32.add (local.get $seen) (i32.shl (local.get $g) (i32.const 2))) (local.get $gs))
                    (if (i32.le_s (local.get $gs) (local.get $ga))
                      (then (local.set $common (i32.add (local.get $common) (i32.const 1)))))))))
                (local.set $prev (local.get $cur))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $words)))
            (if (i32.ge_s (local.get $prev) (i32.const 0))
              (then
                (local.set $g (i32.add (i32.mul (local.get $prev) (local.get $width)) (local.get $q)))
                (local.set $ga (i32.load (i32.add (local.get $inA) (i32.shl (local.get $g) (i32.const 2)))))
                (if (local.get $ga)
                  (then
                    (if (i32.ne (i32.load (i32.add (local.get $stamp) (i32.shl (local.get $g) (i32.const 2)))) (local.get $unit))
                      (then
                        (i32.store (i32.add (local.get $stamp) (i32.shl (local.get $g) (i32.const 2))) (local.get $unit))
                        (i32.store (i32.add (local.get $seen) (i32.shl (local.get $g) (i32.const 2))) (i32.const 0))))
                    (local.set $gs (i32.add (i32.load (i32.add (local.get $seen) (i32.shl (local.get $g) (i32.const 2)))) (i32.const 1)))
                    (i32.store (i32.add (local.get $seen) (i32.shl (local.get $g) (i32.const 2))) (local.get $gs))
                    (if (i32.le_s (local.get $gs) (local.get $ga))
                      (then (local.set $common (i32.add (local.get $common) (i32.const 1)))))))))
            (local.set $score
              (if (result f64) (i32.eqz (i32.add (local.get $na) (local.get $nb)))
                (then (f64.const 0))
                (else (f64.div
                  (f64.convert_i32_s (i32.shl (local.get $common) (i32.const 1)))
                  (f64.convert_i32_s (i32.add (local.get $na) (local.get $nb)))))))))
        (if (local.get $hasInterior)
          (then
            (if (i32.eq
                  (if (result i32) (f64.ge (local.get $score) (f64.const 0))
                    (then (local.get $seenBits))
                    (else (call $holding (local.get $intAt) (local.get $intLen) (local.get $f) (local.get $t) (local.get $postOff) (local.get $postAt))))
                  (local.get $all))
              (then
                (if (call $holds (local.get $qi) (local.get $k))
                  (then
                    (i32.store (i32.add (local.get $matches) (i32.shl (local.get $found) (i32.const 2))) (local.get $k))
                    (local.set $found (i32.add (local.get $found) (i32.const 1)))
                    (br $cand)))))))
        (if (i32.and (f64.gt (local.get $score) (local.get $best)) (i32.eqz (local.get $found)))
          (then
            (local.set $best (local.get $score))
            (local.set $closest (local.get $k))))
        (br $cand)))
    (global.set $best (local.get $best))
    (global.set $matchCount (local.get $found))
    (global.set $lastStamp (local.get $unit))
    (local.get $closest))

  ;; Every quote of a search in one file, by $score. $plan holds a record of 8 i32 per
  ;; quote (the address and number of its distinct words' vocabulary numbers, of its
  ;; interior words' numbers, the address of its gram counts, q, width and its word count);
  ;; $candOff 3 i32 per quote (the first of its candidates in $cands, their number, and 1
  ;; where the caller has answered it already). A quote's interior words can only be held
  ;; where the file has them all ($present: 1 per vocabulary number the file has). Per
  ;; quote the answers go to $outClosest, $outBest (f64) and $outCount, its matches after
  ;; those of the quotes before it in $matches.
  (func (export "scoreAll")
    (param $nq i32) (param $plan i32) (param $candOff i32) (param $cands i32)
    (param $data i32) (param $stride i32) (param $offStart i32) (param $offEnd i32)
    (param $from i32) (param $to i32) (param $starts i32) (param $ends i32) (param $ids i32) (param $n i32)
    (param $local i32) (param $bits i32) (param $seen i32) (param $stamp i32) (param $present i32)
    (param $floor f64) (param $outClosest i32) (param $outBest i32) (param $outCount i32) (param $matches i32)
    (param $size i32) (param $postOff i32) (param $postAt i32) (param $postFill i32) (param $stampFrom i32)
    (local $i i32) (local $id i32) (local $qi i32) (local $rec i32) (local $idsAt i32) (local $idsLen i32)
    (local $intAt i32) (local $intLen i32) (local $j i32) (local $hasInterior i32) (local $off i32)
    (local $total i32) (local $closest i32)
    (global.set $lastStamp (local.get $stampFrom))
    ;; Postings: per vocabulary number, its words' indices in order (see $holding).
    (memory.fill (local.get $postOff) (i32.const 0) (i32.shl (i32.add (local.get $size) (i32.const 1)) (i32.const 2)))
    (block $p1 (loop $q1
      (br_if $p1 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.ge_s (local.get $id) (i32.const 0))
        (then
          (local.set $j (i32.add (local.get $postOff) (i32.shl (i32.add (local.get $id) (i32.const 1)) (i32.const 2))))
          (i32.store (local.get $j) (i32.add (i32.load (local.get $j)) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $q1)))
    (local.set $j (i32.const 0))
    (block $p2 (loop $q2
      (br_if $p2 (i32.ge_s (local.get $j) (local.get $size)))
      (local.set $id (i32.add (local.get $postOff) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2))))
      (i32.store (local.get $id)
        (i32.add (i32.load (local.get $id)) (i32.load (i32.add (local.get $postOff) (i32.shl (local.get $j) (i32.const 2))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $q2)))
    (memory.copy (local.get $postFill) (local.get $postOff) (i32.shl (local.get $size) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $p3 (loop $q3
      (br_if $p3 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.ge_s (local.get $id) (i32.const 0))
        (then
          (local.set $j (i32.add (local.get $postFill) (i32.shl (local.get $id) (i32.const 2))))
          (i32.store (i32.add (local.get $postAt) (i32.shl (i32.load (local.get $j)) (i32.const 2))) (local.get $i))
          (i32.store (local.get $j) (i32.add (i32.load (local.get $j)) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $q3)))
    ;; The vocabulary words this file has.
    (local.set $i (i32.const 0))
    (block $b0 (loop $l0
      (br_if $b0 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.ge_s (local.get $id) (i32.const 0))
        (then (i32.store8 (i32.add (local.get $present) (local.get $id)) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l0)))
    (block $done
      (loop $quotes
        (br_if $done (i32.ge_s (local.get $qi) (local.get $nq)))
        (local.set $off (i32.add (local.get $candOff) (i32.mul (local.get $qi) (i32.const 12))))
        (if (i32.eqz (i32.load offset=8 (local.get $off)))
          (then
            (local.set $rec (i32.add (local.get $plan) (i32.shl (local.get $qi) (i32.const 5))))
            (local.set $idsAt (i32.load (local.get $rec)))
            (local.set $idsLen (i32.load offset=4 (local.get $rec)))
            (local.set $intAt (i32.load offset=8 (local.get $rec)))
            (local.set $intLen (i32.load offset=12 (local.get $rec)))
            (local.set $hasInterior (i32.gt_s (local.get $intLen) (i32.const 0)))
            (local.set $j (i32.const 0))
            (block $b1 (loop $l1
              (br_if $b1 (i32.ge_s (local.get $j) (local.get $intLen)))
              (if (i32.eqz (i32.load8_u (i32.add (local.get $present)
                    (i32.load (i32.add (local.get $intAt) (i32.shl (local.get $j) (i32.const 2)))))))
                (then (local.set $hasInterior (i32.const 0))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $l1)))
            ;; The quote's words: local[id] = its number + 1, bits[id] = its interior bit.
            (local.set $j (i32.const 0))
            (block $b2 (loop $l2
              (br_if $b2 (i32.ge_s (local.get $j) (local.get $idsLen)))
              (i32.store
                (i32.add (local.get $local) (i32.shl (i32.load (i32.add (local.get $idsAt) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))
                (i32.add (local.get $j) (i32.const 1)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $l2)))
            (if (local.get $hasInterior)
              (then
                (local.set $j (i32.const 0))
                (block $b3 (loop $l3
                  (br_if $b3 (i32.ge_s (local.get $j) (local.get $intLen)))
                  (local.set $id (i32.add (local.get $bits)
                    (i32.shl (i32.load (i32.add (local.get $intAt) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2))))
                  (i32.store (local.get $id) (i32.or (i32.load (local.get $id)) (i32.shl (i32.const 1) (local.get $j))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $l3)))))
            (local.set $closest
              (call $score (local.get $qi)
                (i32.add (local.get $cands) (i32.shl (i32.load (local.get $off)) (i32.const 2)))
                (i32.load offset=4 (local.get $off))
                (local.get $data) (local.get $stride) (local.get $offStart) (local.get $offEnd)
                (local.get $from) (local.get $to) (local.get $starts) (local.get $ends) (local.get $ids)
                (local.get $local) (local.get $bits)
                (i32.load offset=16 (local.get $rec)) (local.get $seen) (local.get $stamp)
                (i32.load offset=20 (local.get $rec)) (i32.load offset=24 (local.get $rec)) (i32.load offset=28 (local.get $rec))
                (local.get $hasInterior)
                (i32.sub (i32.shl (i32.const 1) (local.get $intLen)) (i32.const 1))
                (local.get $floor)
                (i32.add (local.get $matches) (i32.shl (local.get $total) (i32.const 2)))
                (local.get $intAt) (local.get $intLen) (local.get $postOff) (local.get $postAt)
                (local.get $stampFrom)))
            (local.set $stampFrom (global.get $lastStamp))
            (i32.store (i32.add (local.get $outClosest) (i32.shl (local.get $qi) (i32.const 2))) (local.get $closest))
            (f64.store (i32.add (local.get $outBest) (i32.shl (local.get $qi) (i32.const 3))) (global.get $best))
            (i32.store (i32.add (local.get $outCount) (i32.shl (local.get $qi) (i32.const 2))) (global.get $matchCount))
            (local.set $total (i32.add (local.get $total) (global.get $matchCount)))
            ;; Cleared for the next quote.
            (local.set $j (i32.const 0))
            (block $b4 (loop $l4
              (br_if $b4 (i32.ge_s (local.get $j) (local.get $idsLen)))
              (local.set $id (i32.load (i32.add (local.get $idsAt) (i32.shl (local.get $j) (i32.const 2)))))
              (i32.store (i32.add (local.get $local) (i32.shl (local.get $id) (i32.const 2))) (i32.const 0))
              (i32.store (i32.add (local.get $bits) (i32.shl (local.get $id) (i32.const 2))) (i32.const 0))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $l4)))
            (local.set $j (i32.const 0))
            (block $b5 (loop $l5
              (br_if $b5 (i32.ge_s (local.get $j) (local.get $intLen)))
              (i32.store
                (i32.add (local.get $bits) (i32.shl (i32.load (i32.add (local.get $intAt) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))
                (i32.const 0))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $l5)))))
        (local.set $qi (i32.add (local.get $qi) (i32.const 1)))
        (br $quotes)))
    ;; Cleared for the next file.
    (local.set $i (i32.const 0))
    (block $b6 (loop $l6
      (br_if $b6 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.ge_s (local.get $id) (i32.const 0))
        (then (i32.store8 (i32.add (local.get $present) (local.get $id)) (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l6))))
)
