(module
  (memory (export "memory") 1)
  ;; The CSV reader's fast path: finds every structural byte of a buffer, 64 bytes at a time,
  ;; with SIMD compares and a prefix XOR of the quote bits (1 from an opening quote to its
  ;; closing one; a doubled quote toggles off and on again).
  ;;
  ;; scan(len, delim, fields, records) reads bytes [0, len), which the caller pads with LF up
  ;; to the next multiple of 64. At byte offset `fields` it writes one u32 per delimiter and
  ;; record end (CR, or LF not after CR) outside quotes, in order: the offset of the byte. At
  ;; `records` it writes two u32 per record end: its index among those entries, and how many
  ;; LFs inside quotes came before it (for line numbers). It returns the number of records, or
  ;; -1 when a quote is not where RFC 4180 puts one (an opening quote not at a field's start,
  ;; text after a closing quote): the scalar reader, which reads such quotes leniently, then
  ;; takes the buffer.
  (func (export "scan") (param $len i32) (param $delim i32) (param $fields i32) (param $records i32) (result i32)
    (local $p i32) (local $o i32) (local $r i32) (local $base i32) (local $lines i32)
    (local $recend i64) (local $below i64)
    (local $vd v128) (local $vq v128) (local $vcr v128) (local $vlf v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $q i64) (local $d i64) (local $cr i64) (local $lf i64)
    (local $x i64) (local $inq i64) (local $carry i64) (local $outq i64)
    (local $sd i64) (local $scr i64) (local $slf i64) (local $sq i64)
    (local $prevsq i64) (local $prevclose i64) (local $prevcr i64) (local $bad i64)
    (local $close i64) (local $qlf i64) (local $m i64)
    (local.set $vd (i8x16.splat (local.get $delim)))
    (local.set $vq (i8x16.splat (i32.const 34)))
    (local.set $vcr (i8x16.splat (i32.const 13)))
    (local.set $vlf (i8x16.splat (i32.const 10)))
    (local.set $prevsq (i64.const 1))
    (local.set $o (local.get $fields))
    (local.set $r (local.get $records))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $len)))
        (local.set $v0 (v128.load (local.get $p)))
        (local.set $v1 (v128.load offset=16 (local.get $p)))
        (local.set $v2 (v128.load offset=32 (local.get $p)))
        (local.set $v3 (v128.load offset=48 (local.get $p)))
        (local.set $q (i64.or (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vq))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vq)))) (i64.const 16)))
          (i64.or
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vq)))) (i64.const 32))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vq)))) (i64.const 48)))))
        (local.set $d (i64.or (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vd))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vd)))) (i64.const 16)))
          (i64.or
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vd)))) (i64.const 32))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vd)))) (i64.const 48)))))
        (local.set $cr (i64.or (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vcr))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vcr)))) (i64.const 16)))
          (i64.or
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vcr)))) (i64.const 32))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vcr)))) (i64.const 48)))))
        (local.set $lf (i64.or (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vlf))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vlf)))) (i64.const 16)))
          (i64.or
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vlf)))) (i64.const 32))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vlf)))) (i64.const 48)))))
        ;; prefix XOR of the quote bits; $carry says whether the last block ended inside quotes
        (local.set $x (local.get $q))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 1))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 2))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 4))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 8))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 16))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 32))))
        (local.set $inq (i64.xor (local.get $x) (local.get $carry)))
        (local.set $carry (i64.shr_s (local.get $inq) (i64.const 63)))
        (local.set $outq (i64.xor (local.get $inq) (i64.const -1)))
        (local.set $sd (i64.and (local.get $d) (local.get $outq)))
        (local.set $scr (i64.and (local.get $cr) (local.get $outq)))
        (local.set $slf (i64.and (local.get $lf) (local.get $outq)))
        (local.set $sq (i64.or (i64.or (i64.or (local.get $sd) (local.get $scr)) (local.get $slf)) (local.get $q)))
        (local.set $close (i64.and (local.get $q) (local.get $outq)))
        ;; an opening quote must follow a field's start or a quote (the second of a doubled
        ;; pair); a closing quote must be followed by a quote, a delimiter or a line break
        (local.set $bad (i64.or (local.get $bad) (i64.or
          (i64.and (i64.and (local.get $q) (local.get $inq))
            (i64.xor (i64.or (i64.shl (local.get $sq) (i64.const 1)) (local.get $prevsq)) (i64.const -1)))
          (i64.and (i64.or (i64.shl (local.get $close) (i64.const 1)) (local.get $prevclose))
            (i64.xor (local.get $sq) (i64.const -1))))))
        (local.set $prevsq (i64.shr_u (local.get $sq) (i64.const 63)))
        (local.set $prevclose (i64.shr_u (local.get $close) (i64.const 63)))
        ;; the LF of a CRLF is not a record end of its own
        (local.set $slf (i64.and (local.get $slf)
          (i64.xor (i64.or (i64.shl (local.get $scr) (i64.const 1)) (local.get $prevcr)) (i64.const -1))))
        (local.set $prevcr (i64.shr_u (local.get $scr) (i64.const 63)))
        (local.set $qlf (i64.and (local.get $lf) (local.get $inq)))
        (local.set $recend (i64.or (local.get $scr) (local.get $slf)))
        (local.set $m (i64.or (local.get $sd) (local.get $recend)))
        ;; each record end: its entry's index and the quoted LFs so far, counted below its bit
        (local.set $base (i32.shr_u (i32.sub (local.get $o) (local.get $fields)) (i32.const 2)))
        (block $ends
          (loop $end
            (br_if $ends (i64.eqz (local.get $recend)))
            (local.set $below (i64.sub (i64.shl (i64.const 1) (i64.ctz (local.get $recend))) (i64.const 1)))
            (i32.store (local.get $r)
              (i32.add (local.get $base) (i32.wrap_i64 (i64.popcnt (i64.and (local.get $m) (local.get $below))))))
            (i32.store offset=4 (local.get $r)
              (i32.add (local.get $lines) (i32.wrap_i64 (i64.popcnt (i64.and (local.get $qlf) (local.get $below))))))
            (local.set $r (i32.add (local.get $r) (i32.const 8)))
            (local.set $recend (i64.and (local.get $recend) (i64.sub (local.get $recend) (i64.const 1))))
            (br $end)))
        (local.set $lines (i32.add (local.get $lines) (i32.wrap_i64 (i64.popcnt (local.get $qlf)))))
        ;; one entry per delimiter or record end, lowest first
        (block $bits
          (loop $each
            (br_if $bits (i64.eqz (local.get $m)))
            (i32.store (local.get $o) (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $m)))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $m (i64.and (local.get $m) (i64.sub (local.get $m) (i64.const 1))))
            (br $each)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $blocks)))
    (if (result i32) (i64.eqz (local.get $bad))
      (then (i32.shr_u (i32.sub (local.get $r) (local.get $records)) (i32.const 3)))
      (else (i32.const -1))))
)
