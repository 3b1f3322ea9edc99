//! Crops and shrubs: crop coefficients, canopy cover, yield response, biomass and forage.
