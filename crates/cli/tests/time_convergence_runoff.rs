//! The default (fast) path is converged in time on a rain that runs off a dry clay, through
//! `aralkum simulate` (issue 3: answers converged by default).
//!
//! The problem of `data/hydrus/ponding_layers_no_pond/` (30 cm silty clay loam, n = 1.23, over
//! sandy loam, two 6 cm/d rains onto soil at -200 cm with no pond allowed: what the clay cannot
//! take runs off) is run with the default accuracy and with `accuracy = "converged"` (steps of at
//! most 0.01 d and 0.001 change of water content). Infiltration under a saturated surface falls
//! fast at the start of a rain, which the water-content control does not see; before the first
//! step of a rain was limited (`FAST_WETTING_FIRST_DT_D`) the fast path infiltrated 0.75 % more.
//! The surface's switches between the rain's flux and a saturated head are kinks in time: while
//! BDF2 steps went on across them the fast path infiltrated 0.46 % less than the converged run;
//! restarting with backward Euler after each switch (`Column::second_order_possible`), 0.12 %
//! less.
//! Tolerance: the 0.5 % of `crates/core/tests/time_convergence.rs` on cumulative infiltration,
//! runoff, transpiration and storage.

mod common;

#[test]
fn rain_running_off_a_dry_clay_is_converged_in_time() {
    let converged = common::simulate_with_accuracy(
        "hydrus/ponding_layers_no_pond",
        "runoff",
        Some("converged"),
    );
    let fast = common::simulate_with_accuracy("hydrus/ponding_layers_no_pond", "runoff", None);
    common::assert_converged_in_time(
        &converged,
        &fast,
        &[
            "cum_infiltration_cm",
            "cum_runoff_cm",
            "cum_transpiration_cm",
            "final_storage_cm",
        ],
        0.005,
    );
}
