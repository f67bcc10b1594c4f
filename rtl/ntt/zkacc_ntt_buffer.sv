// SPDX-License-Identifier: Apache-2.0
//
// An NTT buffer of 2^LogMax field elements in 2 * Lanes banks (zkacc_ntt_bank), with a read
// and a write crossbar of 2 * Lanes slots each. Element a lives in bank
//   Bank(a) = a[Lg:0] ^ (parity(a >> (Lg + 1)) << Lg),  Lg = log2(Lanes),
// at index a >> (Lg + 1). Any two addresses that differ in exactly one bit lie in different
// banks, and so do the 2 * Lanes operands of Lanes butterflies of one radix-2 stage (Lanes
// consecutive butterfly numbers, aligned), whatever the stage: every access pattern of
// zkacc_ntt_core is conflict-free (docs/ntt-unit.md). The slots' addresses must be
// conflict-free; enabled slots must not share a bank.
//
// Read: slot s asks for rd_addr[s] while rd_en[s]; rd_data[s] holds it one cycle later.
// Write: slot s writes wr_data[s] at wr_addr[s] while wr_en[s].
`default_nettype none

module zkacc_ntt_buffer #(
  parameter int Lanes = 1,
  parameter int LogMax = 12,
  parameter int Width = 254
) (
  input  logic                          clk_i,
  input  logic [2*Lanes-1:0]            rd_en_i,
  input  logic [2*Lanes*LogMax-1:0]     rd_addr_i,
  output logic [2*Lanes*Width-1:0]      rd_data_o,
  input  logic [2*Lanes-1:0]            wr_en_i,
  input  logic [2*Lanes*LogMax-1:0]     wr_addr_i,
  input  logic [2*Lanes*Width-1:0]      wr_data_i
);
  localparam int NB = 2 * Lanes;            // banks = slots
  localparam int BW = $clog2(NB);           // bank number bits (Lg + 1)
  localparam int IW = LogMax - BW;          // index bits within a bank
  localparam int Depth = 1 << IW;

  function automatic logic [BW-1:0] BankOf(input logic [LogMax-1:0] a);
    logic [LogMax-1:0] hi;
    logic [BW-1:0] flip;
    hi = a >> BW;
    flip = '0;
    flip[BW-1] = ^hi;
    BankOf = a[BW-1:0] ^ flip;
  endfunction

  logic [NB*IW-1:0] bank_raddr, bank_waddr;
  logic [NB*Width-1:0] bank_rdata, bank_wdata;
  logic [NB-1:0] bank_we;
  logic [NB*BW-1:0] slot_bank, slot_bank_q;

  always_comb begin
    bank_raddr = '0;
    bank_waddr = '0;
    bank_wdata = '0;
    bank_we = '0;
    slot_bank = '0;
    for (int s = 0; s < NB; s++) begin
      slot_bank[s*BW+:BW] = BankOf(rd_addr_i[s*LogMax+:LogMax]);
      for (int k = 0; k < NB; k++) begin
        if (rd_en_i[s] && BankOf(rd_addr_i[s*LogMax+:LogMax]) == BW'(k)) begin
          bank_raddr[k*IW+:IW] = bank_raddr[k*IW+:IW] | rd_addr_i[s*LogMax+BW+:IW];
        end
        if (wr_en_i[s] && BankOf(wr_addr_i[s*LogMax+:LogMax]) == BW'(k)) begin
          bank_we[k] = 1'b1;
          bank_waddr[k*IW+:IW] = bank_waddr[k*IW+:IW] | wr_addr_i[s*LogMax+BW+:IW];
          bank_wdata[k*Width+:Width] = bank_wdata[k*Width+:Width] | wr_data_i[s*Width+:Width];
        end
      end
    end
  end

  for (genvar k = 0; k < NB; k++) begin : gen_bank
    zkacc_ntt_bank #(.Width(Width), .Depth(Depth)) u_bank (
      .clk_i,
      .we_i   (bank_we[k]),
      .waddr_i(bank_waddr[k*IW+:IW]),
      .wdata_i(bank_wdata[k*Width+:Width]),
      .raddr_i(bank_raddr[k*IW+:IW]),
      .rdata_o(bank_rdata[k*Width+:Width])
    );
  end

  always_ff @(posedge clk_i) slot_bank_q <= slot_bank;

  // Read crossbar: per slot an NB:1 multiplexer of whole elements, written as a compare per
  // bank (a part-select at slot_bank_q * Width would synthesize as a general barrel shifter
  // over all NB * Width bits: about ten multiplexer levels instead of one LUT6 at NB = 4).
  always_comb begin
    rd_data_o = '0;
    for (int s = 0; s < NB; s++) begin
      for (int k = 0; k < NB; k++) begin
        if (slot_bank_q[s*BW+:BW] == BW'(k)) begin
          rd_data_o[s*Width+:Width] = bank_rdata[k*Width+:Width];
        end
      end
    end
  end

`ifndef SYNTHESIS
  // Two enabled slots in one bank would read or write the OR of their addresses.
  always_ff @(posedge clk_i) begin
    for (int s = 0; s < NB; s++) begin
      for (int u = s + 1; u < NB; u++) begin
        if (rd_en_i[s] && rd_en_i[u] &&
            BankOf(rd_addr_i[s*LogMax+:LogMax]) == BankOf(rd_addr_i[u*LogMax+:LogMax])) begin
          $error("zkacc_ntt_buffer: read bank conflict between slots %0d and %0d", s, u);
        end
        if (wr_en_i[s] && wr_en_i[u] &&
            BankOf(wr_addr_i[s*LogMax+:LogMax]) == BankOf(wr_addr_i[u*LogMax+:LogMax])) begin
          $error("zkacc_ntt_buffer: write bank conflict between slots %0d and %0d", s, u);
        end
      end
    end
  end
`endif
endmodule

`default_nettype wire
