//! Run-time choice of the AVX2 copies of the solver's loop kernels.
//!
//! The default build targets baseline x86-64 (SSE2), so a loop over the nodes is vectorised two
//! doubles wide. The loop kernels of the hot path (the node look-ups
//! [`super::nodes::NodeSoils::evaluate_all`]; in `flow.rs` the element conductivities of
//! [`super::flow::update_conductivities`], the assembly of the flow matrix and the convergence
//! test; the transport step [`super::transport::transport_step`]; and the loops of the
//! iteration itself, [`super::flow::iterate`], and of the time step, `Column::try_step`) are
//! also compiled a second
//! time for AVX2 and FMA (four doubles wide, as in `-C target-cpu=x86-64-v3`) and that copy is
//! chosen when the processor running the program has those features ("function
//! multiversioning"; Intel 64 and IA-32 Architectures Software Developer's Manual, vol. 1,
//! ch. 14).
//!
//! Both copies are compiled from one body and perform the same IEEE operations in the same
//! order: Rust never contracts a multiply and an add into a fused multiply-add unless asked
//! (`f64::mul_add`, which these kernels do not use), so the two copies give the same bits
//! (unit tests in each kernel's module, and the benchmark year run both ways in this module's
//! tests). Measured in docs/performance.md ("Run-time AVX2
//! kernels").

/// Whether the processor running the program has AVX2 and FMA, so that the AVX2 kernels may be
/// called. The standard library caches the answer of its detection after the first call.
/// Elsewhere always false (and called only by the tests).
#[inline]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) fn avx2_fma() -> bool {
    #[cfg(test)]
    if tests::FORCE_PLAIN.with(std::cell::Cell::get) {
        return false;
    }
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// 1 if `b`, else 0: a condition of a vectorised loop as a word. Accumulated with `|` into a
/// word, conditions over the nodes cost a shift and a vector `or` each, where a `bool`
/// accumulator made the compiler pack every comparison mask into bytes first (a test that
/// must hold at every node is accumulated negated). All bits set, the mask as it is, made the
/// compiler leave some of the loops scalar.
#[inline(always)]
pub(crate) fn lane_mask(b: bool) -> u64 {
    u64::from(b)
}

/// A column to compare the plain and the AVX2 kernels on: 2 m of a loam (Carsel & Parrish 1988
/// class averages) over a clay with an air-entry head of -2 cm, on the graded grid of the
/// benchmark, with heads that reach every path of the kernels.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::column::grid::Grid;
    use crate::column::nodes::NodeSoils;
    use crate::soil::{SoilHydraulics, VanGenuchtenAirEntry, VanGenuchtenMualem};

    /// Loam, class averages of Carsel & Parrish (1988), l = 0.5.
    pub(crate) fn loam() -> VanGenuchtenMualem {
        VanGenuchtenMualem {
            theta_r: 0.078,
            theta_s: 0.43,
            alpha_per_cm: 0.036,
            n: 1.56,
            ks_cm_d: 24.96,
            l: 0.5,
        }
    }

    /// Loam over clay with an air-entry head, 101 nodes asked for (the grid refines to more).
    pub(crate) fn column() -> (Grid, NodeSoils) {
        let loam = loam();
        let clay = VanGenuchtenMualem {
            theta_r: 0.068,
            theta_s: 0.38,
            alpha_per_cm: 0.008,
            n: 1.09,
            ks_cm_d: 4.8,
            l: 0.5,
        };
        let layers = vec![
            SoilHydraulics::VanGenuchten(loam),
            SoilHydraulics::VanGenuchtenAirEntry(VanGenuchtenAirEntry::new(clay, -2.0)),
        ];
        let grid = Grid::graded(200.0, &[30.0, 200.0], 101);
        let soils = NodeSoils::with_tables(&grid, layers, true);
        (grid, soils)
    }

    /// Heads (cm) over `grid`: ponded surface (0.5 cm), a dry surface layer (to -15 000 cm)
    /// over a hydrostatic profile with a water table at 150 cm (saturated below, the clay's
    /// air-entry range just above), one node wetter than the tables (-5e-4 cm) and two nodes
    /// of equal head (an element of nearly equal heads).
    pub(crate) fn heads(grid: &Grid) -> Vec<f64> {
        let mut h: Vec<f64> = grid
            .z_cm
            .iter()
            .map(|&z| -15_000.0 * (-z / 3.0).exp() - (150.0 - z))
            .collect();
        h[0] = 0.5;
        let n = h.len();
        h[n / 3] = -5e-4;
        h[n / 4 + 1] = h[n / 4];
        h
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use crate::column::test_problems as problems;

    thread_local! {
        /// Set by a test to run this thread's solver on the plain kernels whatever the
        /// processor has.
        pub(super) static FORCE_PLAIN: Cell<bool> = const { Cell::new(false) };
    }

    /// Every daily flux of the benchmark year (`benches/column_year.rs`) and the final heads,
    /// with the kernels chosen for this processor or the plain ones.
    fn benchmark_year(plain: bool) -> (Vec<u64>, Vec<u64>) {
        FORCE_PLAIN.with(|f| f.set(plain));
        let mut column = crate::column::Column::new(&problems::benchmark_spec()).unwrap();
        let mut bits = Vec::new();
        for day in 0..365 {
            let f = column
                .advance(1.0, &problems::benchmark_forcing(day))
                .unwrap();
            bits.extend(
                [
                    f.evaporation_cm,
                    f.transpiration_cm,
                    f.drainage_cm,
                    f.capillary_rise_cm,
                    f.salt_out_bottom_mg_cm2,
                    f.salt_in_bottom_mg_cm2,
                ]
                .map(f64::to_bits),
            );
        }
        FORCE_PLAIN.with(|f| f.set(false));
        let heads = column
            .profile()
            .head_cm
            .iter()
            .map(|h| h.to_bits())
            .collect();
        (bits, heads)
    }

    /// The whole solver (iteration, step, transport and every kernel) gives the same bits on
    /// its AVX2 copies as on its plain ones over the benchmark year. On a processor without
    /// AVX2 and FMA both runs take the plain copies.
    #[test]
    fn benchmark_year_is_the_same_to_the_bit_with_and_without_avx2() {
        let (plain, plain_heads) = benchmark_year(true);
        let (chosen, chosen_heads) = benchmark_year(false);
        assert_eq!(plain.len(), 365 * 6);
        assert!(plain == chosen, "daily fluxes differ between the kernels");
        assert!(
            plain_heads == chosen_heads,
            "final heads differ between the kernels"
        );
    }
}
