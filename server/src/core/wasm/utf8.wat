;; UTF-8 decoding for the files a study reads (textFile.ts), in WebAssembly: V8's own
;; decoder (TextDecoder) takes about 2 ns a byte on the dense benchmark study, this about
;; 0.6, compiled before its first call (docs/performance.md).
;;
;; Assembled into utf8Wasm.ts by scripts/buildWasm.mjs; test/unit/utf8.test.ts checks that
;; the two agree, and that every answer is TextDecoder's. Each function decodes
;; [$src, $src + $len) to $dst and returns the number of characters written, or -1 where
;; it does not decode the bytes itself: invalid UTF-8 (the caller's TextDecoder says why),
;; or, for latin1, a character above U+00FF. So a wrong answer cannot come from a byte
;; sequence this does not know: it gives up instead.
(module
  (memory (export "memory") 1)

  ;; Text whose characters are all below U+0100, one byte each at $dst (as a one-byte
  ;; string holds them): ASCII, eight bytes at a time, and the two-byte sequences C2 and
  ;; C3 lead.
  (func (export "latin1") (param $src i32) (param $len i32) (param $dst i32) (result i32)
    (local $i i32) (local $o i32) (local $b i32) (local $c i32) (local $w i64)
    (block $done
      (loop $next
        (if (i32.le_u (i32.add (local.get $i) (i32.const 8)) (local.get $len))
          (then
            (local.set $w (i64.load (i32.add (local.get $src) (local.get $i))))
            (if (i64.eqz (i64.and (local.get $w) (i64.const 0x8080808080808080)))
              (then
                (i64.store (i32.add (local.get $dst) (local.get $o)) (local.get $w))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (local.set $o (i32.add (local.get $o) (i32.const 8)))
                (br $next)))))
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $b (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (if (i32.lt_u (local.get $b) (i32.const 0x80))
          (then
            (i32.store8 (i32.add (local.get $dst) (local.get $o)) (local.get $b))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $next)))
        (br_if $done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
        (if (i32.eq (i32.and (local.get $b) (i32.const 0xFE)) (i32.const 0xC2))
          (then
            (local.set $c (i32.load8_u (i32.add (local.get $src) (i32.add (local.get $i) (i32.const 1)))))
            (if (i32.eq (i32.and (local.get $c) (i32.const 0xC0)) (i32.const 0x80))
              (then
                (i32.store8 (i32.add (local.get $dst) (local.get $o))
                  (i32.or (i32.shl (i32.and (local.get $b) (i32.const 3)) (i32.const 6)) (i32.and (local.get $c) (i32.const 0x3F))))
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (br $next)))))
        (return (i32.const -1))))
    (if (i32.lt_u (local.get $i) (local.get $len)) (then (return (i32.const -1))))
    (local.get $o))

  ;; Any valid UTF-8, as UTF-16 code units (little-endian) at $dst, a character above
  ;; U+FFFF as a surrogate pair; returns the number of code units. The sequences are those
  ;; of the Unicode standard's table 3-7 (no overlong forms, no surrogates, nothing above
  ;; U+10FFFF); anything else is invalid.
  (func (export "utf16") (param $src i32) (param $len i32) (param $dst i32) (result i32)
    (local $i i32) (local $o i32) (local $b i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $cp i32) (local $lo i32) (local $hi i32) (local $w i64) (local $p i32)
    (block $done
      (loop $next
        ;; Four ASCII bytes at a time, widened to four code units.
        (if (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $len))
          (then
            (local.set $w (i64.extend_i32_u (i32.load (i32.add (local.get $src) (local.get $i)))))
            (if (i64.eqz (i64.and (local.get $w) (i64.const 0x80808080)))
              (then
                (i64.store (i32.add (local.get $dst) (i32.shl (local.get $o) (i32.const 1)))
                  (i64.or
                    (i64.or (i64.and (local.get $w) (i64.const 0xFF))
                            (i64.shl (i64.and (local.get $w) (i64.const 0xFF00)) (i64.const 8)))
                    (i64.or (i64.shl (i64.and (local.get $w) (i64.const 0xFF0000)) (i64.const 16))
                            (i64.shl (i64.and (local.get $w) (i64.const 0xFF000000)) (i64.const 24)))))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (local.set $o (i32.add (local.get $o) (i32.const 4)))
                (br $next)))))
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $b (i32.load8_u (local.get $p)))
        (if (i32.lt_u (local.get $b) (i32.const 0x80))
          (then
            (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $o) (i32.const 1))) (local.get $b))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $next)))
        ;; Two bytes: C2..DF, then 80..BF.
        (if (i32.and (i32.ge_u (local.get $b) (i32.const 0xC2)) (i32.le_u (local.get $b) (i32.const 0xDF)))
          (then
            (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $len)))
            (local.set $c1 (i32.load8_u offset=1 (local.get $p)))
            (br_if $done (i32.ne (i32.and (local.get $c1) (i32.const 0xC0)) (i32.const 0x80)))
            (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $o) (i32.const 1)))
              (i32.or (i32.shl (i32.and (local.get $b) (i32.const 0x1F)) (i32.const 6)) (i32.and (local.get $c1) (i32.const 0x3F))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $next)))
        ;; Three bytes: E0 A0..BF, E1..EC 80..BF, ED 80..9F, EE..EF 80..BF; then 80..BF.
        (if (i32.and (i32.ge_u (local.get $b) (i32.const 0xE0)) (i32.le_u (local.get $b) (i32.const 0xEF)))
          (then
            (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 3)) (local.get $len)))
            (local.set $c1 (i32.load8_u offset=1 (local.get $p)))
            (local.set $c2 (i32.load8_u offset=2 (local.get $p)))
            (local.set $lo (select (i32.const 0xA0) (i32.const 0x80) (i32.eq (local.get $b) (i32.const 0xE0))))
            (local.set $hi (select (i32.const 0x9F) (i32.const 0xBF) (i32.eq (local.get $b) (i32.const 0xED))))
            (br_if $done (i32.or (i32.lt_u (local.get $c1) (local.get $lo)) (i32.gt_u (local.get $c1) (local.get $hi))))
            (br_if $done (i32.ne (i32.and (local.get $c2) (i32.const 0xC0)) (i32.const 0x80)))
            (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $o) (i32.const 1)))
              (i32.or
                (i32.or (i32.shl (i32.and (local.get $b) (i32.const 0x0F)) (i32.const 12))
                        (i32.shl (i32.and (local.get $c1) (i32.const 0x3F)) (i32.const 6)))
                (i32.and (local.get $c2) (i32.const 0x3F))))
            (local.set $i (i32.add (local.get $i) (i32.const 3)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $next)))
        ;; Four bytes: F0 90..BF, F1..F3 80..BF, F4 80..8F; then 80..BF twice.
        (if (i32.and (i32.ge_u (local.get $b) (i32.const 0xF0)) (i32.le_u (local.get $b) (i32.const 0xF4)))
          (then
            (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $len)))
            (local.set $c1 (i32.load8_u offset=1 (local.get $p)))
            (local.set $c2 (i32.load8_u offset=2 (local.get $p)))
            (local.set $c3 (i32.load8_u offset=3 (local.get $p)))
            (local.set $lo (select (i32.const 0x90) (i32.const 0x80) (i32.eq (local.get $b) (i32.const 0xF0))))
            (local.set $hi (select (i32.const 0x8F) (i32.const 0xBF) (i32.eq (local.get $b) (i32.const 0xF4))))
            (br_if $done (i32.or (i32.lt_u (local.get $c1) (local.get $lo)) (i32.gt_u (local.get $c1) (local.get $hi))))
            (br_if $done (i32.ne (i32.and (local.get $c2) (i32.const 0xC0)) (i32.const 0x80)))
            (br_if $done (i32.ne (i32.and (local.get $c3) (i32.const 0xC0)) (i32.const 0x80)))
            (local.set $cp (i32.sub
              (i32.or
                (i32.or (i32.shl (i32.and (local.get $b) (i32.const 0x07)) (i32.const 18))
                        (i32.shl (i32.and (local.get $c1) (i32.const 0x3F)) (i32.const 12)))
                (i32.or (i32.shl (i32.and (local.get $c2) (i32.const 0x3F)) (i32.const 6))
                        (i32.and (local.get $c3) (i32.const 0x3F))))
              (i32.const 0x10000)))
            (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $o) (i32.const 1)))
              (i32.or (i32.const 0xD800) (i32.shr_u (local.get $cp) (i32.const 10))))
            (i32.store16 (i32.add (local.get $dst) (i32.shl (i32.add (local.get $o) (i32.const 1)) (i32.const 1)))
              (i32.or (i32.const 0xDC00) (i32.and (local.get $cp) (i32.const 0x3FF))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (local.set $o (i32.add (local.get $o) (i32.const 2)))
            (br $next)))
        ;; A continuation byte with no lead, C0, C1 or F5..FF.
        (return (i32.const -1))))
    (if (i32.lt_u (local.get $i) (local.get $len)) (then (return (i32.const -1))))
    (local.get $o))
)
