line1
{{.kind}}
  {{index .items 7}}
