;; The word reader of the golden-quote search (fileWords.ts), in WebAssembly: V8 compiles
;; it to machine code before its first call, so the first files of a cold `condense check`
;; run at full speed instead of in the interpreter while the JIT warms up, and the JIT's
;; thread has one hot loop less to compile (docs/performance.md).
;;
;; Built into wordReaderWasm.ts by scripts/buildWasm.mjs; test/unit/wordReader.test.ts
;; checks that the two agree. It reads the words of plain-text ranges of a source text
;; exactly as the JavaScript it replaces did: a word is a maximal run of characters the
;; table calls word characters, hashed with FNV-1a over their lower case as it is read.
;;
;; Memory, all laid out by wordReader.ts:
;;   [0, 131072)  the table: one i16 per UTF-16 code unit, its lower case where it is part
;;                of a word, 0 where it separates words, -1 off the Latin path
;;   vocabulary   slots (i32, word number + 1 or 0), and per word its hash, the address of
;;                its UTF-16 characters and their number
;;   per call     the source text (UTF-16), the plain segments (i32 triples: source start,
;;                plain start, length), the ranges (i32 pairs) and the three word columns
(module
  (memory (export "memory") 4)
  ;; How many words readWords left for the caller to look up: they cross markup (-2 in ids).
  (global $across (export "across") (mut i32) (i32.const 0))
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
)
