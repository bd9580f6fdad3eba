;; The identifiers scan's word loop (core/identifiers/matcher.ts), in WebAssembly: the
;; JavaScript loop reads about 8 ns a character on the 5-million-word benchmark study and
;; runs in the interpreter while the JIT warms up; this reads each character once, compiled
;; before its first call (docs/privacy.md, "Cost").
;;
;; Assembled into identifierWordsWasm.ts by scripts/buildWasm.mjs. It decides nothing that
;; the JavaScript scan does not decide the same way: it walks the text word by word,
;; hashing each word folded, and where the JavaScript scan would do no more than move on
;; (a word that is no name's first or second word, whitespace, punctuation no name starts
;; with) it moves on, keeping the same state (the start and hash of the word before, while
;; only whitespace follows it). Everywhere else (a word the hash sets say may begin a name,
;; a character that may begin one, a character above U+00FF) it stops at the start of that
;; token and returns it; the JavaScript scan then handles that one token in full and
;; calls again after it. test/unit/privacy/matcher.test.ts compares the two scans.
;;
;; Memory, laid out by the host (matcher.ts's WasmWords):
;;   0     FLAGS, 256 bytes, per character below U+0100: 1 word character, 2 whitespace
;;         that keeps the word before (32 and 9 to 13 in ASCII, as the JavaScript scan
;;         tests them), 4 a character outside words that some name starts with, 8 a word
;;         character that folds to two code points or more, 16 to three
;;   512   FOLD, 256 x 4 i32: the folded code points of each word character (1 to 3)
;;   4608  STATE: [0] unused, [1] the start of the word before (-1: none), [2] its hash
;;   8192  ROLES, $rolesMask + 1 bytes: the trie's word roles (1 pair first, 2 pair second,
;;         4 single), at trie.ts's roleSlot of a word's hash
;;   then  the first-word and pair hash sets (i32, 0 empty), at $firstOff and $pairOff
;;   then  the text, one byte a character ($wide 0) or two ($wide 1)
(module
  (memory (export "memory") 1)
  (global $rolesMask (mut i32) (i32.const 0))
  (global $firstOff (mut i32) (i32.const 0))
  (global $firstMask (mut i32) (i32.const 0))
  (global $pairOff (mut i32) (i32.const 0))
  (global $pairMask (mut i32) (i32.const 0))

  (func (export "init") (param $rolesMask i32) (param $firstOff i32) (param $firstMask i32)
      (param $pairOff i32) (param $pairMask i32)
    (global.set $rolesMask (local.get $rolesMask))
    (global.set $firstOff (local.get $firstOff))
    (global.set $firstMask (local.get $firstMask))
    (global.set $pairOff (local.get $pairOff))
    (global.set $pairMask (local.get $pairMask)))

  ;; trie.ts's inHashSet: open addressing, 0 empty, a hash of 0 kept as 1.
  (func $inSet (param $off i32) (param $mask i32) (param $h i32) (result i32)
    (local $key i32) (local $s i32) (local $v i32)
    (local.set $key (select (i32.const 1) (local.get $h) (i32.eqz (local.get $h))))
    (local.set $s (i32.and (i32.xor (local.get $key) (i32.shr_u (local.get $key) (i32.const 16))) (local.get $mask)))
    (loop $probe
      (local.set $v (i32.load (i32.add (local.get $off) (i32.shl (local.get $s) (i32.const 2)))))
      (if (i32.eq (local.get $v) (local.get $key)) (then (return (i32.const 1))))
      (if (i32.eqz (local.get $v)) (then (return (i32.const 0))))
      (local.set $s (i32.and (i32.add (local.get $s) (i32.const 1)) (local.get $mask)))
      (br $probe))
    (i32.const 0))

  ;; trie.ts's pairHash.
  (func $pairHash (param $first i32) (param $second i32) (result i32)
    (i32.mul
      (i32.xor (i32.mul (i32.xor (local.get $first) (i32.const 0x5bd1e995)) (i32.const 0x01000193)) (local.get $second))
      (i32.const 0x2c1b3c6d)))

  ;; Scans [$i, $n) of the text at $t from the state ($prevStart, $prevHash). Returns the
  ;; start of the first token the JavaScript scan must handle, or $n; STATE[1] and STATE[2]
  ;; hold the state before that token.
  (func (export "scan") (param $t i32) (param $i i32) (param $n i32) (param $prevStart i32)
      (param $prevHash i32) (param $wide i32) (result i32)
    (local $c i32) (local $fl i32) (local $start i32) (local $h i32) (local $bl i32)
    (local $fo i32) (local $last i32) (local $poss i32) (local $role i32)
    (local $ends i32)
    (block $stop
      (loop $next
        (br_if $stop (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (if (result i32) (local.get $wide)
          (then (i32.load16_u (i32.add (local.get $t) (i32.shl (local.get $i) (i32.const 1)))))
          (else (i32.load8_u (i32.add (local.get $t) (local.get $i))))))
        (br_if $stop (i32.gt_u (local.get $c) (i32.const 0xFF)))
        (local.set $fl (i32.load8_u (local.get $c)))
        (if (i32.eqz (i32.and (local.get $fl) (i32.const 1)))
          (then
            ;; Outside words: a name may start here (the JavaScript scan tries it), or not.
            (br_if $stop (i32.and (local.get $fl) (i32.const 4)))
            (if (i32.eqz (i32.and (local.get $fl) (i32.const 2)))
              (then (local.set $prevStart (i32.const -1))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        ;; A word starts at $i: hash it folded, $bl the hash before its last character.
        (local.set $start (local.get $i))
        (local.set $h (i32.const 0x811c9dc5))
        (block $wordEnd
          (loop $char
            (local.set $bl (local.get $h))
            (local.set $fo (i32.add (i32.const 512) (i32.shl (local.get $c) (i32.const 4))))
            (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (local.get $fo))) (i32.const 0x01000193)))
            ;; A character that folds to two or three code points (an accented letter, decomposed).
            (if (i32.and (local.get $fl) (i32.const 24))
              (then
                (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load offset=4 (local.get $fo))) (i32.const 0x01000193)))
                (if (i32.and (local.get $fl) (i32.const 16))
                  (then
                    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load offset=8 (local.get $fo))) (i32.const 0x01000193)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $wordEnd (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $c (if (result i32) (local.get $wide)
          (then (i32.load16_u (i32.add (local.get $t) (i32.shl (local.get $i) (i32.const 1)))))
          (else (i32.load8_u (i32.add (local.get $t) (local.get $i))))))
            ;; A character above U+00FF in or after the word: the JavaScript scan reads the word.
            (if (i32.gt_u (local.get $c) (i32.const 0xFF))
              (then
                (local.set $i (local.get $start))
                (br $stop)))
            (local.set $fl (i32.load8_u (local.get $c)))
            (br_if $char (i32.and (local.get $fl) (i32.const 1)))))
        ;; A last s may be a possessive: the word without it is looked up too.
        (local.set $last (if (result i32) (local.get $wide)
          (then (i32.load16_u (i32.add (local.get $t) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 1)))))
          (else (i32.load8_u (i32.add (local.get $t) (i32.sub (local.get $i) (i32.const 1)))))))
        (local.set $poss
          (i32.and
            (i32.or (i32.eq (local.get $last) (i32.const 115)) (i32.eq (local.get $last) (i32.const 83)))
            (i32.gt_s (i32.sub (local.get $i) (i32.const 1)) (local.get $start))))
        (local.set $role (i32.load8_u (i32.add (i32.const 8192)
          (i32.and (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15))) (global.get $rolesMask)))))
        (local.set $ends (local.get $role))
        (if (local.get $poss)
          (then
            (local.set $ends (i32.or (local.get $ends) (i32.load8_u (i32.add (i32.const 8192)
              (i32.and (i32.xor (local.get $bl) (i32.shr_u (local.get $bl) (i32.const 15))) (global.get $rolesMask))))))))
        ;; The second word of a pair after a first word: is the pair a name's? Then stop at
        ;; the word (the JavaScript scan walks the trie from the first word).
        (if (i32.and (local.get $ends) (i32.const 2))
          (then
            (if (i32.ne (local.get $prevStart) (i32.const -1))
              (then
                (if (call $inSet (global.get $pairOff) (global.get $pairMask)
                      (call $pairHash (local.get $prevHash) (local.get $h)))
                  (then
                    (local.set $i (local.get $start))
                    (br $stop)))
                (if (local.get $poss)
                  (then
                    (if (call $inSet (global.get $pairOff) (global.get $pairMask)
                          (call $pairHash (local.get $prevHash) (local.get $bl)))
                      (then
                        (local.set $i (local.get $start))
                        (br $stop)))))))))
        ;; The first word of a name that is no pair.
        (if (i32.and (local.get $ends) (i32.const 4))
          (then
            (if (call $inSet (global.get $firstOff) (global.get $firstMask) (local.get $h))
              (then
                (local.set $i (local.get $start))
                (br $stop)))
            (if (local.get $poss)
              (then
                (if (call $inSet (global.get $firstOff) (global.get $firstMask) (local.get $bl))
                  (then
                    (local.set $i (local.get $start))
                    (br $stop)))))))
        ;; No name here: the word may be the first of a pair.
        (if (i32.and (local.get $role) (i32.const 1))
          (then
            (local.set $prevStart (local.get $start))
            (local.set $prevHash (local.get $h)))
          (else (local.set $prevStart (i32.const -1))))
        (br $next)))
    (i32.store (i32.const 4612) (local.get $prevStart))
    (i32.store (i32.const 4616) (local.get $prevHash))
    (local.get $i)))
