// SPDX-License-Identifier: Apache-2.0
//
// Parameters and latencies of the lookup block: the multiplicity (histogram) engine
// (zkacc_hist, zkacc_hist_bank) and the small-integer to BN254 Fr converter (zkacc_int_to_fr).
// Tests, models and host code use these symbols, never copied numbers.
`ifndef ZKACC_LOOKUP_PKG_SV
`define ZKACC_LOOKUP_PKG_SV
`default_nettype none

package zkacc_lookup_pkg;

  // zkacc_hist_bank: a read-modify-write of one counter takes three stages: S0 reads the RAM
  // (registered read), S1 adds (with forwarding from S2 and from the last write), S2 writes.
  // A read-and-clear returns the counter BankReadLatency cycles after it was issued.
  localparam int BankReadLatency = 1;

  // BN254 Fr constants: B_k = 2^(8k) * R mod r, R = 2^256 (k = 0..3), so that the Montgomery
  // form of x = sum_k x_k 2^(8k) is sum_k x_k * B_k mod r. B_0 = R mod r is one in Montgomery
  // form. Computed offline (Python: pow(2, 256 + 8k, r)) and checked by the testbench against
  // host-lib's bn254::Fr::FromU64.
  localparam logic [255:0] FrB0 =
      256'h0e0a77c19a07df2f666ea36f7879462e36fc76959f60cd29ac96341c4ffffffb;
  localparam logic [255:0] FrB1 =
      256'h0d791464ef86e357276f48b709e2a3495d7570ac31329faef6e31f8c9ffffab6;
  localparam logic [255:0] FrB2 =
      256'h0d42a313121feb955105616bf7c3c7874f0b4017703176ad0f7470986ffab5b9;
  localparam logic [255:0] FrB3 =
      256'h07359fa88c59c9e89f6e5c105a695dd60d0e939ee8c1e556e4a771fc5ab5b8ba;

  // c * base mod r for a byte c and base < r (double-and-add; elaboration time only, for the
  // converter's ROMs).
  // (Packages do not refer to each other here: Yosys 0.23 cannot resolve a package item inside
  // another package, so the modulus and the add/sub latency are arguments.)
  function automatic logic [255:0] FrMulByte(input logic [255:0] modulus, input logic [255:0] base,
                                             input logic [7:0] c);
    logic [256:0] acc;
    logic [256:0] p;
    p = {1'b0, modulus};
    acc = '0;
    for (int b = 7; b >= 0; b--) begin
      acc = acc << 1;
      if (acc >= p) acc = acc - p;
      if (c[b]) begin
        acc = acc + {1'b0, base};
        if (acc >= p) acc = acc - p;
      end
    end
    FrMulByte = acc[255:0];
  endfunction

  // zkacc_int_to_fr: byte ROMs (registered), two levels of modular additions, the negation of
  // negative inputs (one more add/sub), output register.
  // add_latency = zkacc_field_pkg::ModAddSubLatency(zkacc_field_pkg::Bn254Bits).
  function automatic int IntToFrLatency(input int add_latency);
    IntToFrLatency = 1 + 3 * add_latency + 1;
  endfunction

  // zkacc_hist: readout pipeline from a read issued to the result entering the output FIFO:
  // bank read, lane sum register, Fr conversion.
  function automatic int HistReadLatency(input int add_latency);
    HistReadLatency = BankReadLatency + 1 + IntToFrLatency(add_latency);
  endfunction

endpackage

`default_nettype wire
`endif
