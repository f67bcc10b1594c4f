// SPDX-License-Identifier: Apache-2.0
//
// Small integer to BN254 Fr in Montgomery form (R = 2^256), the device layout of host-lib's
// bn254::Fr: out = (neg ? -x : x) * R mod r for a 32-bit magnitude x.
//
//   x = x0 + x1 2^8 + x2 2^16 + x3 2^24
//   x R mod r = T0[x0] + T1[x1] + T2[x2] + T3[x3] mod r,  Tk[c] = c 2^(8k) R mod r
//
// Four 256-entry ROMs (constants of elaboration time: zkacc_lookup_pkg::FrMulByte), three
// modular adders (two levels), a modular negation (0 - s) for negative inputs, no multiplier.
// A pure datapath: one input per cycle, no valid bits; the result appears
// zkacc_lookup_pkg::IntToFrLatency(ModAddSubLatency(254)) cycles after its input.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif
`ifndef ZKACC_LOOKUP_PKG_SV
`include "rtl/lookup/zkacc_lookup_pkg.sv"
`endif

`default_nettype none

module zkacc_int_to_fr (
  input  logic         clk_i,
  input  logic [31:0]  in_mag_i,
  input  logic         in_neg_i,
  output logic [255:0] out_fr_o
);
  localparam int Bits = zkacc_field_pkg::Bn254Bits;
  localparam int AddLat = zkacc_field_pkg::ModAddSubLatency(Bits);
  localparam logic [Bits-1:0] Modulus = zkacc_field_pkg::Bn254FrModulus[Bits-1:0];

  // The ROMs, flat: entry c of ROM k at rom[(k*256 + c)*Bits +: Bits].
  logic [4*256*Bits-1:0] rom;
  for (genvar k = 0; k < 4; k++) begin : gen_rom
    localparam logic [255:0] Base = (k == 0) ? zkacc_lookup_pkg::FrB0 :
                                    (k == 1) ? zkacc_lookup_pkg::FrB1 :
                                    (k == 2) ? zkacc_lookup_pkg::FrB2 : zkacc_lookup_pkg::FrB3;
    for (genvar c = 0; c < 256; c++) begin : gen_entry
      localparam logic [255:0] Value = zkacc_lookup_pkg::FrMulByte(
          zkacc_field_pkg::Bn254FrModulus, Base, 8'(c));
      assign rom[(k*256+c)*Bits+:Bits] = Value[Bits-1:0];
    end
  end

  // Stage 1: ROM reads, registered.
  logic [4*Bits-1:0] term_q;
  logic neg_q;
  logic [4*Bits-1:0] term;
  for (genvar k = 0; k < 4; k++) begin : gen_read
    logic [9:0] sel;
    assign sel = {2'(k), in_mag_i[8*k+:8]};
    assign term[k*Bits+:Bits] = rom[sel*Bits+:Bits];
  end
  always_ff @(posedge clk_i) begin
    term_q <= term;
    neg_q <= in_neg_i;
  end

  // Two levels of modular additions.
  logic [Bits-1:0] s01, s23, s;
  zkacc_mod_addsub #(.Bits(Bits), .Modulus(Modulus)) u_add01 (
    .clk_i,
    .in_sub_i(1'b0),
    .in_a_i  (term_q[0*Bits+:Bits]),
    .in_b_i  (term_q[1*Bits+:Bits]),
    .out_r_o (s01)
  );
  zkacc_mod_addsub #(.Bits(Bits), .Modulus(Modulus)) u_add23 (
    .clk_i,
    .in_sub_i(1'b0),
    .in_a_i  (term_q[2*Bits+:Bits]),
    .in_b_i  (term_q[3*Bits+:Bits]),
    .out_r_o (s23)
  );
  zkacc_mod_addsub #(.Bits(Bits), .Modulus(Modulus)) u_add (
    .clk_i,
    .in_sub_i(1'b0),
    .in_a_i  (s01),
    .in_b_i  (s23),
    .out_r_o (s)
  );

  // Negation: 0 - s for negative inputs, s + 0 otherwise.
  logic neg_d;
  zkacc_delay #(.Width(1), .Depth(2 * AddLat)) u_neg (
    .clk_i,
    .rst_ni(1'b1),
    .in_i  (neg_q),
    .out_o (neg_d)
  );
  logic [Bits-1:0] r;
  zkacc_mod_addsub #(.Bits(Bits), .Modulus(Modulus)) u_neg_sub (
    .clk_i,
    .in_sub_i(neg_d),
    .in_a_i  (neg_d ? '0 : s),
    .in_b_i  (neg_d ? s : '0),
    .out_r_o (r)
  );

  logic [Bits-1:0] out_q;
  always_ff @(posedge clk_i) out_q <= r;
  assign out_fr_o = 256'(out_q);
endmodule

`default_nettype wire
