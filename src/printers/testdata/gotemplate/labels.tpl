{{range .items}}{{.metadata.name}}:
{{- range $k, $v := .metadata.labels}}
  {{$k}}={{$v}}
{{- end}}
{{end}}