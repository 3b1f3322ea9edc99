//! Yield and biomass from water use: FAO-33 yield response (Doorenbos & Kassam 1979), AquaCrop's
//! normalised water productivity (Steduto et al. 2009) and the harvest index.

/// FAO-33 (Doorenbos & Kassam 1979) yield response to water deficit,
/// 1 - Ya/Ym = Ky (1 - ETa/ETm), solved for the relative yield Ya/Ym and clamped to [0, 1].
///
/// Seasonal actual and maximum (potential) evapotranspiration, or transpiration as the simulator
/// gives it, in the same units. With no demand (`etm <= 0`) there is no deficit and the result is 1.
pub fn relative_yield_ky(eta: f64, etm: f64, ky: f64) -> f64 {
    if etm <= 0.0 {
        return 1.0;
    }
    (1.0 - ky * (1.0 - eta / etm)).clamp(0.0, 1.0)
}

/// The sum over days of Tr/ET0, the normalised transpiration of Steduto et al. (2009, eq. 3):
/// days with no reference demand (`et0 <= 0`) add nothing.
///
/// `tr` and `et0` are daily amounts in the same unit (cm or mm); the result is in days.
pub fn sum_tr_over_et0(tr: &[f64], et0: &[f64]) -> f64 {
    tr.iter()
        .zip(et0)
        .filter(|(_, &e)| e > 0.0)
        .map(|(&t, &e)| t / e)
        .sum()
}

/// Above-ground biomass from normalised water productivity, B = WP* sum(Tr/ET0)
/// (Steduto et al. 2009, eq. 3; AquaCrop).
///
/// # Units
/// `wp_star_g_m2` in g/m2 (per unit of sum(Tr/ET0)); `sum_tr_over_et0` dimensionless (days of
/// reference-equivalent transpiration); result in g/m2 of dry matter.
pub fn biomass_g_m2(wp_star_g_m2: f64, sum_tr_over_et0: f64) -> f64 {
    wp_star_g_m2 * sum_tr_over_et0.max(0.0)
}

/// Harvested yield Y = HI B (AquaCrop; Steduto et al. 2009).
///
/// # Units
/// Same unit as `biomass` (g/m2 or t/ha).
pub fn yield_from_biomass(harvest_index: f64, biomass: f64) -> f64 {
    harvest_index * biomass
}

/// 1 g/m2 = 0.01 t/ha.
pub fn g_m2_to_t_ha(g_m2: f64) -> f64 {
    g_m2 * 0.01
}

/// 1 g/m2 = 10 kg/ha.
pub fn g_m2_to_kg_ha(g_m2: f64) -> f64 {
    g_m2 * 10.0
}
