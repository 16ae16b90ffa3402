# The namespace of the components our asset scripts draw (link_table.LinkTable, panel_menu.PanelMenu):
# window.creator_analytics in the browser.
NAMESPACE = "creator_analytics"
