"""Chart builders, one module per page, one function per chart; all use massorg.ui.charts.theme."""
