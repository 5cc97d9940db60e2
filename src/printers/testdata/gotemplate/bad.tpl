{{range .items}}
{{.metadata.name}
{{end}}
